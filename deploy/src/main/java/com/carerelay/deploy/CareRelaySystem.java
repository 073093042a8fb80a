package com.carerelay.deploy;

import com.carerelay.audit.AuditApplication;
import com.carerelay.delivery.DeliveryApplication;
import com.carerelay.directory.DirectoryApplication;
import com.carerelay.messaging.MessagingApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The four services started side by side in one JVM against one PostgreSQL server (a database each),
 * one Kafka broker and one SMTP server. Each keeps its own config name, migrations and database, so
 * they do not see each other's beans or tables; they talk only over HTTP (JWKS) and Kafka, as they
 * do when deployed apart. Used by the local stack and the end-to-end test.
 */
public final class CareRelaySystem implements AutoCloseable {

    /** Where the shared servers are and which ports the services take. */
    public record Settings(String jdbcBaseUrl, String dbUser, String dbPassword, String kafkaBootstrapServers,
                           String smtpHost, int smtpPort, Ports ports, boolean localProfile) {
    }

    public record Ports(int directory, int messaging, int delivery, int audit) {
        public static final Ports FIXED = new Ports(8081, 8082, 8083, 8084);
    }

    public static final List<String> DATABASES = List.of("directory", "messaging", "delivery", "audit");

    private final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();
    private final Settings settings;

    private CareRelaySystem(Settings settings) {
        this.settings = settings;
    }

    /** Starts directory-service first (it issues and publishes the keys), then the others. */
    public static CareRelaySystem start(Settings settings) {
        CareRelaySystem system = new CareRelaySystem(settings);
        try {
            system.startService("directory", DirectoryApplication::builder, settings.ports().directory());
            system.startService("messaging", MessagingApplication::builder, settings.ports().messaging());
            system.startService("delivery", DeliveryApplication::builder, settings.ports().delivery());
            system.startService("audit", AuditApplication::builder, settings.ports().audit());
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
        return system;
    }

    public String url(String service) {
        int port = switch (service) {
            case "directory" -> settings.ports().directory();
            case "messaging" -> settings.ports().messaging();
            case "delivery" -> settings.ports().delivery();
            case "audit" -> settings.ports().audit();
            default -> throw new IllegalArgumentException(service);
        };
        return "http://localhost:" + port;
    }

    /** Stops one service (e.g. to show the others keep working without it). */
    public void stop(String service) {
        ConfigurableApplicationContext context = services.remove(service);
        if (context != null) {
            context.close();
        }
    }

    public ConfigurableApplicationContext context(String service) {
        return services.get(service);
    }

    private void startService(String name, Supplier<SpringApplicationBuilder> builder, int port) {
        String issuer = "http://localhost:" + settings.ports().directory();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + settings.jdbcBaseUrl() + name,
                "--spring.datasource.username=" + settings.dbUser(),
                "--spring.datasource.password=" + settings.dbPassword(),
                "--spring.kafka.bootstrap-servers=" + settings.kafkaBootstrapServers(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer + "/oauth2/jwks",
                "--spring.mail.host=" + settings.smtpHost(),
                "--spring.mail.port=" + settings.smtpPort(),
                "--carerelay.dev-issuer.issuer=" + issuer));
        if (name.equals("directory")) {
            args.add("--carerelay.dev-issuer.enabled=true");
            args.add("--carerelay.demo-data.enabled=" + settings.localProfile());
        }
        services.put(name, builder.get().run(args.toArray(String[]::new)));
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(names);
        names.forEach(this::stop);
    }
}
