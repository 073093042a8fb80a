package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.audit.log.ChainVerifier;
import com.carerelay.events.Actor;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Topics;
import com.carerelay.testing.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * Benchmark: how many events per second the consumers turn into chained entries. Events for many
 * practices are published while the consumers are paused; the clock runs from resuming them to the
 * last entry committed. Size with {@code -Daudit.benchmark.events=N} (default 10,000 messages
 * plus 10,000 delivery events).
 */
class IngestThroughputBenchmark extends AuditIntegrationTest {

    @Autowired
    BindingsLifecycleController bindings;

    @Autowired
    ChainVerifier verifier;

    @Test
    void appendsThousandsOfEventsPerSecondAndEveryChainVerifies() throws Exception {
        int messages = Integer.getInteger("audit.benchmark.events", 10_000);
        List<UUID> practices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            practices.add(UUID.randomUUID());
        }
        List<EventEnvelope.Outgoing> events = new ArrayList<>(messages * 2);
        for (int i = 0; i < messages; i++) {
            UUID practice = practices.get(i % practices.size());
            UUID messageId = UUID.randomUUID();
            UUID sender = UUID.randomUUID();
            UUID client = UUID.randomUUID();
            MessageSent sent = new MessageSent(messageId, practice, messageId, new Actor(sender, PrincipalKind.staff, "Dana Reyes"),
                    SEALED, sha256Of("Body " + i), Instant.now(),
                    List.of(new MessageSent.Recipient(client, PrincipalKind.client, "Ana Lima", null),
                            new MessageSent.Recipient(UUID.randomUUID(), PrincipalKind.client, "Ben Cruz", null)), 0);
            events.add(EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging",
                    messageId.toString(), MessageSent.TYPE, sent));
            events.add(EventEnvelope.wrap(Topics.DELIVERY_STATUS, messageId.toString(), "/carerelay/delivery",
                    messageId.toString(), DeliveryStatusChanged.TYPE, new DeliveryStatusChanged(messageId, practice, sender,
                            client, PrincipalKind.client, DeliveryStatusChanged.Channel.email,
                            DeliveryStatusChanged.Status.delivered, null, Instant.now())));
        }
        // one multi-row INSERT per JDBC batch is what the consumer's throughput rests on
        assertThat(jdbc.execute((ConnectionCallback<Boolean>) connection -> connection.unwrap(BaseConnection.class)
                .getQueryExecutor().isReWriteBatchedInsertsEnabled())).isTrue();
        long expectedEntries = messages * 4L;
        long before = practices.stream().mapToLong(this::entries).sum();
        assertThat(before).isZero();

        // the backlog is published while the consumers are paused, so the clock measures audit-service alone
        bindings.pause("messages-in-0");
        bindings.pause("deliveryStatus-in-0");
        long started;
        try {
            TopicWriter.publishAll(kafka(), events);
        } finally {
            started = System.nanoTime();
            bindings.resume("messages-in-0");
            bindings.resume("deliveryStatus-in-0");
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                jdbc.queryForObject("select count(*) from audit_entry where practice_id = any (?::uuid[])", Long.class,
                        (Object) practices.toArray(UUID[]::new)) >= expectedEntries);
        long done = System.nanoTime();

        double seconds = (done - started) / 1e9;
        double eventsPerSecond = events.size() / seconds;
        System.out.printf("BENCHMARK ingest: a backlog of %d events (%d entries, %d practices) appended in %.2f s: "
                        + "%.0f events/s, %.0f entries/s%n", events.size(), expectedEntries, practices.size(), seconds,
                eventsPerSecond, expectedEntries / seconds);
        assertThat(eventsPerSecond).as("events per second").isGreaterThan(1000);
        // both consumers appended to the same chains concurrently: every chain is still one unbroken sequence
        for (UUID practice : practices.subList(0, 3)) {
            ChainVerifier.Result chain = verifier.verify(practice);
            assertThat(chain.ok()).as(chain.toString()).isTrue();
            assertThat(chain.entriesChecked()).isEqualTo(expectedEntries / practices.size());
        }
    }
}
