package com.carerelay.audit;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * audit-service: the append-only activity log per client and per staff member, with a per-practice
 * hash chain; compliance queries, exports and chain verification.
 */
@SpringBootApplication
public class AuditApplication {

    /** Its own config name, so it can share one JVM (end-to-end test, local stack) with the other services. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AuditApplication.class).properties("spring.config.name=audit-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
