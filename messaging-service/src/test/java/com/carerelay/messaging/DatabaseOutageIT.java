package com.carerelay.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.ServiceIntegrationTest;
import com.carerelay.testing.StoppablePostgres;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicReader;
import com.carerelay.testing.TopicWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * messaging-service while its PostgreSQL server is stopped (the real server, not a mock): consumers
 * retry and lose nothing, the API answers 503 with Retry-After, readiness goes down, and everything
 * resumes when the database is back, without a restart. Its own consumer group and database, so the
 * other tests' consumers are not affected.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=messaging-service",
                "carerelay.events.consumer-group=" + DatabaseOutageIT.GROUP,
                "spring.cloud.stream.bindings.directoryChanges-in-0.group=" + DatabaseOutageIT.GROUP,
                "spring.cloud.stream.bindings.deliveryStatus-in-0.group=" + DatabaseOutageIT.GROUP,
                "carerelay.attachments.clamav.required=false"})
@DirtiesContext
class DatabaseOutageIT extends ServiceIntegrationTest {

    static final String GROUP = "messaging-outage-it";
    static final StoppablePostgres postgres = new StoppablePostgres();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        String url = postgres.database("messaging");
        RealServers.register(registry, () -> url);
    }

    @Autowired
    MeterRegistry meters;

    final UUID practice = UUID.randomUUID();
    final UUID dana = UUID.randomUUID();
    final UUID sam = UUID.randomUUID();

    @Test
    void statusEventsArrivingWhileTheDatabaseIsDownAreAppliedExactlyOnceAfterItComesBackAndNoneIsDeadLettered() {
        givenDanaAndSamInAPractice();
        String token = TestTokens.staff(dana, practice, "message:send");
        List<UUID> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Http.Response sent = http().post("/api/v1/messages", token, MessageSendingIT.send("Hi " + i, "Body", sam));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
            messages.add(UUID.fromString(sent.json().get("id").asString()));
        }
        List<EventEnvelope.Outgoing> before = messages.subList(0, 20).stream().map(this::delivered).toList();
        List<EventEnvelope.Outgoing> during = messages.subList(20, 40).stream().map(this::delivered).toList();

        TopicWriter.publish(kafka(), before.toArray(EventEnvelope.Outgoing[]::new));
        postgres.stop(); // in the middle of (or right after) the consumer's batch
        TopicWriter.publish(kafka(), during.toArray(EventEnvelope.Outgoing[]::new));
        TopicWriter.publish(kafka(), during.get(0)); // a redelivery, too

        await().atMost(Duration.ofSeconds(30)).until(() -> transientFailures() > 0);
        thenTheApiAnswers503WithRetryAfterAndIsNotReady(token);

        postgres.start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(jdbc.queryForList(
                "select message_id from delivery_status_history where message_id = any (?)", UUID.class,
                (Object) messages.toArray(UUID[]::new))).hasSize(40));
        assertThat(jdbc.queryForObject("select count(distinct message_id) from delivery_status_history"
                + " where message_id = any (?)", Long.class, (Object) messages.toArray(UUID[]::new)))
                .as("each event applied exactly once").isEqualTo(40);
        Set<String> ids = new java.util.HashSet<>();
        before.forEach(event -> ids.add(event.id().toString()));
        during.forEach(event -> ids.add(event.id().toString()));
        assertThat(TopicReader.readAll(kafka(), Topics.deadLetter(GROUP), Duration.ofSeconds(2)).stream()
                .map(record -> record.headers().get("ce_id")).filter(ids::contains).collect(Collectors.toSet()))
                .as("nothing dead-lettered").isEmpty();

        Http.Response afterwards = http().post("/api/v1/messages", token, MessageSendingIT.send("Back", "Body", sam));
        assertThat(afterwards.status()).as("resumes without a restart: " + afterwards).isEqualTo(201);
        assertThat(http().get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    private void thenTheApiAnswers503WithRetryAfterAndIsNotReady(String token) {
        long started = System.nanoTime();
        Http.Response refused = http().post("/api/v1/messages", token, MessageSendingIT.send("Down", "Body", sam));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(took).as("answers within about the pool's connection timeout").isLessThan(Duration.ofSeconds(6));
        assertThat(http().get("/api/v1/inbox", TestTokens.staff(sam, practice)).status()).isEqualTo(503);
        assertThat(http().get("/actuator/health/readiness", null).status()).isEqualTo(503);
        assertThat(http().get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    private void givenDanaAndSamInAPractice() {
        publishAndAwait(DirectoryChanged.ofPractice(practice, 1, new DirectoryChanged.Practice("Sunrise Behavioral Health",
                "no-reply@sunrise.example", true, true)), "practice");
        publishAndAwait(DirectoryChanged.ofStaff(dana, practice, 1, new DirectoryChanged.Staff("Dana", "Reyes",
                "dana@example.test", true, List.of("message:send"), false)), "directory_entry");
        publishAndAwait(DirectoryChanged.ofStaff(sam, practice, 1, new DirectoryChanged.Staff("Sam", "Okafor",
                "sam@example.test", true, List.of(), false)), "directory_entry");
    }

    private void publishAndAwait(DirectoryChanged change, String table) {
        TopicWriter.publish(kafka(), EventEnvelope.wrap(Topics.DIRECTORY, change.entityId().toString(),
                "/carerelay/directory", change.entityId().toString(), DirectoryChanged.TYPE, change));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from " + table + " where id = ?", Long.class, change.entityId()) == 1);
    }

    private EventEnvelope.Outgoing delivered(UUID messageId) {
        DeliveryStatusChanged change = new DeliveryStatusChanged(messageId, practice, dana, sam, PrincipalKind.staff,
                DeliveryStatusChanged.Channel.in_app, DeliveryStatusChanged.Status.delivered, null, Instant.now());
        return EventEnvelope.wrap(Topics.DELIVERY_STATUS, messageId.toString(), "/carerelay/delivery",
                messageId.toString(), DeliveryStatusChanged.TYPE, change);
    }

    private double transientFailures() {
        return meters.get("carerelay.consumer.transient.failures").tag("group", GROUP).counter().count();
    }
}
