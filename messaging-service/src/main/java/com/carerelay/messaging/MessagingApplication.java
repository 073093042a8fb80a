package com.carerelay.messaging;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** messaging-service: send, inboxes, threads and delivery history; publishes MessageSent through its outbox. */
@SpringBootApplication
@EnableScheduling
public class MessagingApplication {

    /** Its own config name, so it can share one JVM (end-to-end test, local stack) with the other services. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(MessagingApplication.class).properties("spring.config.name=messaging-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
