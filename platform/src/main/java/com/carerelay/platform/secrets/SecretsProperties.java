package com.carerelay.platform.secrets;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code carerelay.secrets.*}: the properties that hold keys this service cannot run safely without
 * ({@code required}), the development values committed to the repository ({@code development-values},
 * public by definition), and whether those may be used ({@code allow-development-keys}: only the local
 * stack and tests set it).
 */
@ConfigurationProperties("carerelay.secrets")
public record SecretsProperties(List<String> required, List<String> developmentValues, boolean allowDevelopmentKeys) {

    public SecretsProperties {
        required = required == null ? List.of() : List.copyOf(required);
        developmentValues = developmentValues == null ? List.of() : List.copyOf(developmentValues);
    }
}
