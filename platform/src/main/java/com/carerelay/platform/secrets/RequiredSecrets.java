package com.carerelay.platform.secrets;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service whose keys are missing or equal to a development value committed to the
 * repository (anyone reading the repository could then open sealed DIRECT keys or sign as the service),
 * unless {@code carerelay.secrets.allow-development-keys} is on (the local stack and tests). Names the
 * properties, never the values.
 */
@AutoConfiguration
@EnableConfigurationProperties(SecretsProperties.class)
public class RequiredSecrets implements InitializingBean {

    private final SecretsProperties secrets;
    private final Environment environment;

    public RequiredSecrets(SecretsProperties secrets, Environment environment) {
        this.secrets = secrets;
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        if (secrets.allowDevelopmentKeys()) {
            return;
        }
        List<String> refused = new ArrayList<>();
        for (String property : secrets.required()) {
            String value = environment.getProperty(property);
            if (value == null || value.isBlank()) {
                refused.add(property + " is not set");
            } else if (secrets.developmentValues().contains(value.trim())) {
                refused.add(property + " is the development value committed to the repository");
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", refused)
                    + ". Set each from your secret store (see deploy/k8s/secret-app.example.yaml); only the local"
                    + " stack and tests may set carerelay.secrets.allow-development-keys=true.");
        }
    }
}
