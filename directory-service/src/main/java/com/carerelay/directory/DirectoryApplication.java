package com.carerelay.directory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** directory-service: practices, staff, groups and clients; publishes every change to the compacted directory topic. */
/** directory-service; scheduling runs the hourly revalidation of DIRECT credentials. */
@SpringBootApplication
@EnableScheduling
public class DirectoryApplication {

    /** Its own config name, so it can share one JVM (end-to-end test, local stack) with the other services. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DirectoryApplication.class).properties("spring.config.name=directory-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
