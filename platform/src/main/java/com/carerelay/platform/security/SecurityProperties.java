package com.carerelay.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code carerelay.security.*}: paths a service serves without a token besides health, metrics and
 * API docs (e.g. directory-service's development issuer); the table holding the practices the
 * service knows, whose ids a token's {@code tenant} must be one of (unset: not checked); the replica
 * table that says which permissions the directory grants each staff member now ({@link StaffPermissions};
 * unset: the token alone decides); whether
 * Prometheus metrics, the OpenAPI document and Swagger UI are served without a token (only in the
 * local stack and tests; elsewhere a scraper or a developer presents a token).
 */
@ConfigurationProperties("carerelay.security")
public record SecurityProperties(List<String> publicPaths, String tenantTable, String staffTable,
                                 boolean publicOperatorViews) {

    public SecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
