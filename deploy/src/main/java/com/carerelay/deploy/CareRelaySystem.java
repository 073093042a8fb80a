package com.carerelay.deploy;

import com.carerelay.audit.AuditApplication;
import com.carerelay.delivery.DeliveryApplication;
import com.carerelay.directory.DirectoryApplication;
import com.carerelay.messaging.MessagingApplication;
import com.carerelay.web.WebApplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The four services and the web app started side by side in one JVM against one PostgreSQL server (a
 * database each), one Kafka broker and one SMTP server. Each keeps its own config name, migrations and
 * database, so they do not see each other's beans or tables; they talk only over HTTP (JWKS, the
 * services' APIs, OpenID Connect) and Kafka, as they do when deployed apart. Used by the local stack,
 * the end-to-end test and the browser test. The web app signs users in at directory-service's
 * development issuer.
 */
public final class CareRelaySystem implements AutoCloseable {

    /**
     * Where the shared servers are and which ports the services take. {@code extraArgs} go to every
     * service as {@code key=value}, replacing a default of the same key (e.g. another token issuer for a benchmark).
     */
    public record Settings(String jdbcBaseUrl, String dbUser, String dbPassword, String kafkaBootstrapServers,
                           String smtpHost, int smtpPort, Ports ports, boolean localProfile, List<String> extraArgs) {

        public Settings(String jdbcBaseUrl, String dbUser, String dbPassword, String kafkaBootstrapServers,
                        String smtpHost, int smtpPort, Ports ports, boolean localProfile) {
            this(jdbcBaseUrl, dbUser, dbPassword, kafkaBootstrapServers, smtpHost, smtpPort, ports, localProfile, List.of());
        }
    }

    /** The HTTP ports; {@code web} 0 starts no web app (the API-only tests and benchmark). */
    public record Ports(int directory, int messaging, int delivery, int audit, int web) {
        public static final Ports FIXED = new Ports(8081, 8082, 8083, 8084, 8080);

        public Ports(int directory, int messaging, int delivery, int audit) {
            this(directory, messaging, delivery, audit, 0);
        }
    }

    /** What the shared classpath brings that the web app (no database, no Kafka) must not configure. */
    private static final String WEB_EXCLUDES = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration",
            // the services' starter: resource-server chain, API errors, outbox and consumers
            "com.carerelay.platform.security.ResourceServerSecurity",
            "com.carerelay.platform.web.ApiErrorsAutoConfiguration",
            "com.carerelay.platform.EventsAutoConfiguration",
            "com.carerelay.platform.secrets.RequiredSecrets");

    public static final List<String> DATABASES = List.of("directory", "messaging", "delivery", "audit");

    private final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();
    private final Settings settings;
    private final ApplicationContextInitializer<ConfigurableApplicationContext> eachService;

    private CareRelaySystem(Settings settings, ApplicationContextInitializer<ConfigurableApplicationContext> eachService) {
        this.settings = settings;
        this.eachService = eachService;
    }

    /** Starts directory-service first (it issues and publishes the keys), then the others. */
    public static CareRelaySystem start(Settings settings) {
        return start(settings, context -> { });
    }

    /**
     * Starts the system with {@code eachService} applied to every service's context before it refreshes (e.g. a
     * test registering a span exporter in each).
     */
    public static CareRelaySystem start(Settings settings,
                                        ApplicationContextInitializer<ConfigurableApplicationContext> eachService) {
        CareRelaySystem system = new CareRelaySystem(settings, eachService);
        try {
            system.startService("directory", DirectoryApplication::builder, settings.ports().directory());
            system.startService("messaging", MessagingApplication::builder, settings.ports().messaging());
            system.startService("delivery", DeliveryApplication::builder, settings.ports().delivery());
            system.startService("audit", AuditApplication::builder, settings.ports().audit());
            if (settings.ports().web() != 0) {
                system.startService("web", WebApplication::builder, settings.ports().web());
            }
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
            case "web" -> settings.ports().web();
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
        String web = "http://localhost:" + settings.ports().web();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        if (name.equals("web")) {
            properties.put("spring.autoconfigure.exclude", WEB_EXCLUDES);
            properties.put("spring.security.oauth2.client.provider.carerelay.issuer-uri", issuer);
            properties.put("carerelay.web.directory-url", url("directory"));
            properties.put("carerelay.web.messaging-url", url("messaging"));
            properties.put("carerelay.web.delivery-url", url("delivery"));
            properties.put("carerelay.web.audit-url", url("audit"));
            properties.put("carerelay.web.direct-credentials-help-url", url("directory") + "/swagger-ui.html");
            properties.put("logging.level.org.apache.kafka", "WARN");
            addExtraArgs(properties);
            services.put(name, builder.get().registerShutdownHook(false).initializers(eachService).run(args(properties)));
            return;
        }
        properties.put("spring.datasource.url", settings.jdbcBaseUrl() + name);
        properties.put("spring.datasource.username", settings.dbUser());
        properties.put("spring.datasource.password", settings.dbPassword());
        properties.put("spring.kafka.bootstrap-servers", settings.kafkaBootstrapServers());
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
        properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer + "/oauth2/jwks");
        properties.put("spring.mail.host", settings.smtpHost());
        properties.put("spring.mail.port", String.valueOf(settings.smtpPort()));
        properties.put("carerelay.dev-issuer.issuer", issuer);
        // the local stack, the end-to-end test and the benchmarks run on the development keys committed to the repo
        properties.put("carerelay.secrets.allow-development-keys", "true");
        // no clamd on a developer machine or in these tests: uploads go unscanned here (compose and k8s run one)
        properties.put("carerelay.attachments.clamav.required", "false");
        // Swagger UI, API docs and metrics without a token, as the README's walkthrough uses them
        properties.put("carerelay.security.public-operator-views", "true");
        // a developer's stack (and the end-to-end trace test) keeps every trace; deployments sample (shared defaults)
        properties.put("management.tracing.sampling.probability", "1.0");
        properties.put("logging.level.org.apache.kafka", "WARN");
        // the binder's consumer-lag gauge logs this every minute for partitions it does not own
        properties.put("logging.level.org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils", "ERROR");
        if (name.equals("delivery")) {
            // DIRECT fetches attachments from this stack's messaging-service; the demo's DIRECT contacts have no CRL to
            // check, so revocation is soft-fail here (sent, the attempt history saying what could not be checked)
            properties.put("carerelay.direct.attachments.messaging-url", url("messaging"));
            properties.put("carerelay.direct.revocation.mode", "soft-fail");
        }
        if (name.equals("delivery") && settings.ports().web() != 0) {
            properties.put("carerelay.email.client-link", web + "/portal/messages");
            properties.put("carerelay.email.staff-link", web + "/messages");
        }
        if (name.equals("directory")) {
            properties.put("carerelay.dev-issuer.enabled", "true");
            // the development issuer refuses to start on any other address (DevIssuerLoopbackOnly, #14 item 11)
            properties.put("server.address", "127.0.0.1");
            properties.put("carerelay.dev-issuer.web-client.redirect-uris", web + "/login/oauth2/code/carerelay");
            properties.put("carerelay.dev-issuer.web-client.post-logout-redirect-uris", web + "/signed-out");
            properties.put("carerelay.demo-data.enabled", String.valueOf(settings.localProfile()));
        }
        addExtraArgs(properties);
        services.put(name, builder.get().registerShutdownHook(false).initializers(eachService).run(args(properties)));
    }

    private void addExtraArgs(Map<String, String> properties) {
        for (String extra : settings.extraArgs()) {
            int equals = extra.indexOf('=');
            properties.put(extra.substring(0, equals), extra.substring(equals + 1));
        }
    }

    private static String[] args(Map<String, String> properties) {
        return properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(services.keySet());
        Collections.reverse(names);
        names.forEach(this::stop);
    }
}
