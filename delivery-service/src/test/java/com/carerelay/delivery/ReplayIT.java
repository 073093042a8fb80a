package com.carerelay.delivery;

import com.carerelay.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageSent;
import com.carerelay.events.Topics;
import com.carerelay.testing.TopicReader;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Every channel at once, then the whole messages topic again from offset 0. */
class ReplayIT extends DeliveryIntegrationTest {

    @Test
    void replayingTheWholeMessagesTopicFromTheStartSendsNothingNewOnAnyChannel() throws Exception {
        TestPki.Issued ca = TestPki.TRUSTED_CA;
        String hook = "/hooks/" + UUID.randomUUID();
        Practice practice = newPractice("Every Channel Practice", true, HttpReceiver.get().url(hook),
                List.of("whsec_" + java.util.Base64.getEncoder().encodeToString("replay-test-secret-bytes".getBytes())), 1);
        String senderAddress = "dana." + UUID.randomUUID().toString().substring(0, 8) + "@direct.every.test";
        String contactAddress = "ada." + UUID.randomUUID().toString().substring(0, 8) + "@direct.elsewhere.test";
        Person dana = practice.directSender("Dana", "Reyes", senderAddress, TestPki.directIdentity(ca, senderAddress));
        Person sam = practice.staff("Sam", "Okafor", true);
        PushSubscriber phone = new PushSubscriber();
        Person casey = practice.pushClient(UUID.randomUUID(), "Casey", "Lin", true, true, List.of(phone.subscription()), 1);
        MessageSent.Recipient contact = practice.directContact("Dr. Ada Park", contactAddress,
                TestPki.directIdentity(ca, contactAddress, DirectPeers.get().crlUrl()).certificatePem());

        EventEnvelope.Outgoing sent = publishMessage(dana, List.of(
                new MessageSent.Recipient(casey.id(), casey.kind(), casey.name(), null),
                new MessageSent.Recipient(sam.id(), sam.kind(), sam.name(), null), contact), List.of());

        await().atMost(Duration.ofSeconds(60)).until(() -> "sent".equals(attempt(sent, casey.id(), Channel.email).get("status"))
                && "sent".equals(attempt(sent, casey.id(), Channel.push).get("status"))
                && "sent".equals(attempt(sent, casey.id(), Channel.webhook).get("status"))
                && "sent".equals(attempt(sent, sam.id(), Channel.email).get("status"))
                && "sent".equals(attempt(sent, contact.recipientId(), Channel.direct).get("status")));
        MimeMessage notice = mailTo(casey.email()).getFirst();
        String noticeText = new String(notice.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + notice.getSubject();
        assertThat(noticeText).doesNotContain(SUBJECT).doesNotContain(BODY);
        String pushed = phone.decrypt(HttpReceiver.get().requests(phone.path).getFirst().body());
        assertThat(pushed).doesNotContain(SUBJECT).doesNotContain(BODY).doesNotContain("Every Channel Practice")
                .contains("You have a new secure message");

        int mails = smtp().received().size();
        int pushes = HttpReceiver.get().requests(phone.path).size();
        int webhooks = HttpReceiver.get().requests(hook).size();
        int directs = Hisp.get().receivedCount();
        long attempts = jdbc.queryForObject("select count(*) from delivery_attempt", Long.class);
        long notifications = jdbc.queryForObject("select count(*) from notification", Long.class);
        assertThat(List.of(pushes, webhooks)).containsExactly(1, 1);

        List<TopicReader.Seen> topic = TopicReader.readAll(kafka(), Topics.MESSAGES, Duration.ofSeconds(20));
        assertThat(topic).extracting(TopicReader.Seen::key).contains(sent.key());
        List<String> freshIds = new ArrayList<>();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            for (TopicReader.Seen record : topic) {
                // the same records again (a consumer group reset to offset 0) ...
                producer.send(copy(record, record.headers().get("ce_id")));
                // ... and as a producer replaying its outbox would send them: new event ids, same messages
                String freshId = UUID.randomUUID().toString();
                freshIds.add(freshId);
                producer.send(copy(record, freshId));
            }
            producer.flush();
        }
        // every replayed record consumed (handled, de-duplicated, or dead-lettered again like the poison record
        // DeadLetterIT leaves on the topic): the consumer group has no lag left
        await().atMost(Duration.ofSeconds(120)).until(this::messagesFullyConsumed);
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id = any (?)", Long.class,
                (Object) freshIds.toArray(String[]::new))).as("replayed under new ids, handled").isPositive();
        Thread.sleep(1000); // let the channel workers run over anything a replay might have queued

        assertThat(jdbc.queryForObject("select count(*) from delivery_attempt", Long.class)).isEqualTo(attempts);
        assertThat(jdbc.queryForObject("select count(*) from notification", Long.class)).isEqualTo(notifications);
        assertThat(smtp().received()).hasSize(mails);
        assertThat(HttpReceiver.get().requests(phone.path)).hasSize(pushes);
        assertThat(HttpReceiver.get().requests(hook)).hasSize(webhooks);
        assertThat(Hisp.get().receivedCount()).isEqualTo(directs);
    }

    private boolean messagesFullyConsumed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("delivery-service")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions = committed.keySet().stream()
                    .filter(partition -> partition.topic().equals(Topics.MESSAGES)).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(10, TimeUnit.SECONDS);
            return !partitions.isEmpty() && partitions.stream()
                    .allMatch(partition -> committed.get(partition).offset() >= ends.get(partition).offset());
        }
    }

    private static ProducerRecord<String, byte[]> copy(TopicReader.Seen record, String eventId) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(Topics.MESSAGES, record.key(), record.value());
        record.headers().forEach((name, value) -> copy.headers().add(name,
                (name.equals("ce_id") ? eventId : value).getBytes(StandardCharsets.UTF_8)));
        return copy;
    }
}
