package com.carerelay.directory;

import com.carerelay.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.directory.practice.PracticeService;
import com.carerelay.directory.practice.web.PracticeRequest;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.ServiceIntegrationTest;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicReader;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The one Spring context of the directory-service ITs (shared by every subclass): the real service on a
 * random port against the shared embedded PostgreSQL and Kafka, demo data, and the test PKI's CA as the
 * DIRECT trust anchor.
 */
@SpringBootTest(classes = DirectoryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=directory-service", "carerelay.dev-issuer.enabled=true",
                "carerelay.demo-data.enabled=true"})
public abstract class DirectoryTestBase extends ServiceIntegrationTest {

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) {
        RealServers.register(registry, "directory");
        registry.add("carerelay.direct.trust-anchors", () -> TestPki.TRUSTED_CA.certificatePem());
    }

    @Autowired
    protected PracticeService practices;

    /** A practice of its own for one test, with an admin token for it. */
    protected record Tenant(UUID id, String admin) {
    }

    protected Tenant newPractice(boolean portal, boolean direct) {
        UUID id = UUID.randomUUID();
        practices.create(id, new PracticeRequest("Practice " + id, "no-reply@" + id + ".example", portal, direct));
        return new Tenant(id, TestTokens.staff(UUID.randomUUID(), id, "directory:admin", "directory:read-clients",
                "message:send"));
    }

    protected static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static JsonNode created(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    protected static JsonNode ok(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** Asserts a 4xx problem+json naming {@code field} in its errors and detail. */
    protected static void problem(Http.Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        if (field != null) {
            assertThat(response.json().get("detail").asString()).contains(field);
            assertThat(response.json().get("errors").findValuesAsString("field")).contains(field);
        }
    }

    /** The change of an entity on the compacted directory topic that satisfies {@code condition}. */
    protected static DirectoryChanged change(Object entityId, Predicate<DirectoryChanged> condition) {
        String key = entityId.toString();
        return TopicReader.await(RealServers.kafkaBootstrapServers(), Topics.DIRECTORY,
                record -> key.equals(record.key()) && condition.test(record.event().payload(DirectoryChanged.class)),
                Duration.ofSeconds(30)).event().payload(DirectoryChanged.class);
    }
}
