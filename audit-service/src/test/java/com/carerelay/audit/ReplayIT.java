package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.Topics;
import com.carerelay.testing.TopicWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;

/** Replaying every topic from offset 0 (as after a lost offset store or a deliberate re-read) adds nothing. */
class ReplayIT extends AuditIntegrationTest {

    static final List<String> BINDINGS = List.of("directoryChanges-in-0", "messages-in-0", "deliveryStatus-in-0");
    static final List<String> TOPICS = List.of(Topics.DIRECTORY, Topics.MESSAGES, Topics.DELIVERY_STATUS);

    @Autowired
    BindingsLifecycleController bindings;

    @Test
    void aReplayOfAllTopicsFromOffsetZeroAddsNothing() throws Exception {
        Practice practice = newPractice();
        UUID dana = practice.staff("Dana", "Reyes", "message:send", "audit:read");
        UUID ana = practice.client("Ana", "Lima");
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana), List.of()),
                practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.email,
                        DeliveryStatusChanged.Status.delivered, null),
                practice.read(messageId, dana, ana, "Ana Lima"));
        awaitEntries(practice.id, 5);
        try (Admin admin = Admin.create(adminProperties())) {
            awaitNoLag(admin);
            long entriesBefore = jdbc.queryForObject("select count(*) from audit_entry", Long.class);
            Map<String, Object> headsBefore = heads();

            BINDINGS.forEach(bindings::stop);
            Map<TopicPartition, OffsetAndMetadata> beginning = new HashMap<>();
            for (TopicPartition partition : partitions(admin)) {
                beginning.put(partition, new OffsetAndMetadata(0));
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets("audit-service", beginning).all().get();
                return true;
            });
            BINDINGS.forEach(bindings::start);
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin).values().stream()
                    .anyMatch(offset -> offset > 0)); // the replay is under way
            awaitNoLag(admin);

            assertThat(jdbc.queryForObject("select count(*) from audit_entry", Long.class)).isEqualTo(entriesBefore);
            assertThat(heads()).isEqualTo(headsBefore);
            assertThat(page("/api/v1/audit/verify", practice.auditor(dana)).get("ok").asBoolean()).isTrue();
        } finally {
            BINDINGS.forEach(bindings::start);
        }
    }

    private Map<String, Object> heads() {
        Map<String, Object> heads = new HashMap<>();
        jdbc.query("select practice_id::text, last_seq from chain_head", row -> {
            heads.put(row.getString(1), row.getLong(2));
        });
        return heads;
    }

    private static Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka());
        return properties;
    }

    private static List<TopicPartition> partitions(Admin admin) throws Exception {
        return admin.describeTopics(TOPICS).allTopicNames().get().values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
    }

    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets("audit-service").partitionsToOffsetAndMetadata().get()
                .forEach((partition, offset) -> offsets.put(partition, offset == null ? 0 : offset.offset()));
        return offsets;
    }

    /** Waits until the group has committed every partition of the three topics up to its end. */
    private static void awaitNoLag(Admin admin) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions(admin).forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, Long> committed = committed(admin);
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue().offset());
        });
    }
}
