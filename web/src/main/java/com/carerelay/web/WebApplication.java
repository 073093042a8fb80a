package com.carerelay.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** web: the browser front end, a backend-for-frontend over the four services' APIs. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WebApplication {

    /** Its own config name, so it can share one JVM (browser test, local stack) with the services. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WebApplication.class).properties("spring.config.name=web");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
