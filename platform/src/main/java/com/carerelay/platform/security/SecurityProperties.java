package com.carerelay.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code carerelay.security.*}: paths a service serves without a token besides health, metrics and
 * API docs (e.g. directory-service's development issuer).
 */
@ConfigurationProperties("carerelay.security")
public record SecurityProperties(List<String> publicPaths) {

    public SecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
