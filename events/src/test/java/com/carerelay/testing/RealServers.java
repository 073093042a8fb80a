package com.carerelay.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one test setup: a real PostgreSQL server (embedded binaries) and a real KRaft Kafka broker,
 * started once per test JVM and shared by every test class; each service gets its own database.
 */
public final class RealServers {

    private static EmbeddedPostgres postgres;
    private static EmbeddedKafkaKraftBroker kafka;

    private RealServers() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return postgres;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 2);
            kafka.brokerProperty("auto.create.topics.enable", "true");
            kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
            kafka.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy));
        }
        return kafka.getBrokersAsString();
    }

    /** Creates the database if needed and answers its JDBC URL. */
    public static synchronized String database(String name) {
        try (Connection connection = postgres().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("create database " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres().getJdbcUrl("postgres", name);
    }

    /** Points a Spring Boot test at the shared servers, the test token issuer and its own database. */
    public static void register(DynamicPropertyRegistry registry, String databaseName) {
        register(registry, () -> database(databaseName));
    }

    /** The same, with a database of the test's own (e.g. a PostgreSQL server it stops and starts). */
    public static void register(DynamicPropertyRegistry registry, Supplier<String> databaseUrl) {
        registry.add("spring.datasource.url", databaseUrl::get);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", RealServers::kafkaBootstrapServers);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
        registry.add("carerelay.secrets.allow-development-keys", () -> "true");
        // metrics and the OpenAPI document without a token, as in the local stack (OpenApiDocument, scrapes)
        registry.add("carerelay.security.public-operator-views", () -> "true");
    }
}
