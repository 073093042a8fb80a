package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageSent;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeadLetterIT extends DeliveryIntegrationTest {

    @Test
    void anEventTheHandlerRefusesIsListedWithItsReasonToItsPracticeOnly() {
        Practice practice = newPractice("Riverbend Family Practice");
        Person dana = practice.staff("Dana", "Reyes", false);
        Person ops = practice.staff("Ops", "Lead", false);
        UUID messageId = UUID.randomUUID();
        MessageSent broken = new MessageSent(messageId, practice.id, messageId,
                new com.carerelay.events.Actor(dana.id(), dana.kind(), dana.name()), sealed(messageId, List.of()),
                "0".repeat(64), java.time.Instant.now(),
                List.of(new MessageSent.Recipient(UUID.randomUUID(), null, "Nobody", null)), 0);
        EventEnvelope.Outgoing poison = EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging",
                messageId.toString(), MessageSent.TYPE, broken);
        com.carerelay.testing.TopicWriter.publish(kafka(), poison);

        JsonNode record = await().atMost(Duration.ofSeconds(30)).until(() -> find(ops, poison.id().toString()),
                found -> found != null);
        assertThat(record.get("type").asString()).isEqualTo(MessageSent.TYPE);
        assertThat(record.get("reason").asString()).contains("NullPointerException");
        assertThat(record.get("originalTopic").asString()).isEqualTo(Topics.MESSAGES);
        assertThat(record.toString()).doesNotContain(BODY).doesNotContain(SUBJECT);

        Http.Response refused = http().get("/api/v1/dead-letters", dana.token());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        Practice other = newPractice("Elsewhere Clinic");
        assertThat(find(other.staff("Ops", "Other", false), poison.id().toString())).isNull();
        int partition = record.get("partition").asInt();
        long offset = record.get("offset").asLong();
        assertThat(http().post("/api/v1/dead-letters/" + partition + "/" + offset + "/redrive",
                other.staff("Ops", "Elsewhere", false).token("delivery:redrive"), "").status()).isEqualTo(404);
    }

    @Test
    void aRedrivenRecordIsHandledLikeAnyEventAndOnlyOnce() throws Exception {
        Practice practice = newPractice("Cedar Clinic");
        Person dana = practice.staff("Dana", "Reyes", false);
        Person sam = practice.staff("Sam", "Okafor", false);
        Person ops = practice.staff("Ops", "Lead", false);
        // a record the consumer dead-lettered earlier for a cause since fixed, as EventBatchConsumer writes it
        EventEnvelope.Outgoing event = messageSent(UUID.randomUUID(), dana, sam);
        ProducerRecord<String, byte[]> original = EventEnvelope.toRecord(event);
        ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>(Topics.deadLetter("delivery-service"),
                original.key(), original.value());
        original.headers().forEach(header -> deadLetter.headers().add(header));
        deadLetter.headers().add("x-dead-letter-reason",
                "org.springframework.dao.DataIntegrityViolationException: a since-fixed bug".getBytes(StandardCharsets.UTF_8));
        deadLetter.headers().add("x-dead-letter-group", "delivery-service".getBytes(StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(deadLetter).get(30, TimeUnit.SECONDS);
        }

        JsonNode record = await().atMost(Duration.ofSeconds(30)).until(() -> find(ops, event.id().toString()),
                found -> found != null);
        assertThat(record.get("redrivenAt").isNull()).isTrue();
        assertThat(attempt(event, sam.id(), Channel.in_app).get("status")).isEqualTo("none");
        String redrive = "/api/v1/dead-letters/" + record.get("partition").asInt() + "/" + record.get("offset").asLong()
                + "/redrive";

        Http.Response redriven = http().post(redrive, ops.token("delivery:redrive"), "");
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(200);
        assertThat(redriven.json().get("topic").asString()).isEqualTo(Topics.MESSAGES);
        assertThat(redriven.json().get("eventId").asString()).isEqualTo(event.id().toString());

        awaitHandled(event);
        assertThat(attempt(event, sam.id(), Channel.in_app).get("status")).isEqualTo("delivered");
        assertThat(http().get("/api/v1/notifications", sam.token()).json()).hasSize(1);
        Http.Response again = http().post(redrive, ops.token("delivery:redrive"), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).isEqualTo("this record was already redriven");
        assertThat(find(ops, event.id().toString()).get("redrivenAt").isNull()).isFalse();
    }

    private JsonNode find(Person caller, String eventId) {
        Http.Response listing = http().get("/api/v1/dead-letters?limit=500", caller.token("delivery:redrive"));
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        for (JsonNode record : listing.json().get("records")) {
            if (eventId.equals(record.get("eventId").asString())) {
                return record;
            }
        }
        return null;
    }
}
