package com.carerelay.delivery;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * delivery-service: turns every MessageSent into deliveries per recipient and channel (in-app feed
 * with its live stream, e-mail notice), exactly once each, and publishes DeliveryStatusChanged.
 */
@SpringBootApplication
@EnableScheduling
public class DeliveryApplication {

    /** Its own config name, so it can share one JVM (end-to-end test, local stack) with the other services. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DeliveryApplication.class).properties("spring.config.name=delivery-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
