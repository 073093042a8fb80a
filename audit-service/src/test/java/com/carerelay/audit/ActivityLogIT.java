package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.Actor;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Topics;
import com.carerelay.testing.TopicReader;
import com.carerelay.testing.TopicWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Events published on the topics become entries in exactly the logs they concern, once each. */
class ActivityLogIT extends AuditIntegrationTest {

    Practice practice;
    UUID dana;
    UUID auditor;
    UUID ana;
    UUID ben;
    UUID carl;
    UUID sam;
    String token;

    @BeforeEach
    void givenAPracticeWithStaffAndClients() {
        practice = newPractice();
        dana = practice.staff("Dana", "Reyes", "message:send", "delivery:redrive");
        sam = practice.staff("Sam", "Okafor");
        auditor = practice.staff("Alex", "Auditor", "audit:read");
        ana = practice.client("Ana", "Lima");
        ben = practice.client("Ben", "Cruz");
        carl = practice.client("Carl", "Moss");
        token = practice.auditor(auditor);
    }

    @Test
    void aMessageToTwoClientsAndAStaffMemberLandsInEachLogAndNoOther() {
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana, ben), List.of(sam)));
        awaitEntries(practice.id, 4);

        for (UUID client : List.of(ana, ben)) {
            List<JsonNode> entries = list(page("/api/v1/audit/clients/" + client + "/entries", token).get("entries"));
            assertThat(entries).as("client log").hasSize(1);
            JsonNode entry = entries.getFirst();
            assertThat(entry.get("action").asString()).isEqualTo("message.received");
            assertThat(entry.get("subject").get("id").asString()).isEqualTo(client.toString());
            assertThat(entry.get("subject").get("kind").asString()).isEqualTo("client");
            assertThat(entry.get("actor").get("id").asString()).isEqualTo(dana.toString());
            assertThat(entry.get("actor").get("name").asString()).isEqualTo("Dana Reyes");
            assertThat(entry.get("messageId").asString()).isEqualTo(messageId.toString());
            assertThat(entry.get("contentSha256").asString()).isEqualTo(sha256Of("Schedule change"));
            assertThat(entry.toString()).doesNotContain("Thursday session");
        }
        JsonNode danaLog = page("/api/v1/audit/staff/" + dana + "/entries", token);
        assertThat(list(danaLog.get("entries"))).extracting(e -> e.get("action").asString()).containsExactly("message.sent");
        assertThat(danaLog.get("entries").get(0).get("detail").asString()).isEqualTo("recipients=3");
        assertThat(list(page("/api/v1/audit/staff/" + sam + "/entries", token).get("entries")))
                .extracting(e -> e.get("action").asString()).containsExactly("message.received");
        assertThat(page("/api/v1/audit/clients/" + carl + "/entries", token).get("entries").isEmpty()).isTrue();
    }

    @Test
    void deliveryAndReadEventsLandInTheRecipientsLogAttributedToTheSender() {
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana), List.of()));
        TopicWriter.publish(kafka(),
                practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.in_app, DeliveryStatusChanged.Status.delivered, null),
                practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.email, DeliveryStatusChanged.Status.failed,
                        "mailbox unavailable"),
                practice.read(messageId, dana, ana, "Ana Lima"));
        awaitEntries(practice.id, 6); // sent, received, delivered, failed, read (ana), read (dana)

        JsonNode failed = page("/api/v1/audit/clients/" + ana + "/entries?outcome=failure", token).get("entries");
        assertThat(list(failed)).hasSize(1);
        assertThat(failed.get(0).get("action").asString()).isEqualTo("delivery.failed");
        assertThat(failed.get(0).get("channel").asString()).isEqualTo("email");
        assertThat(failed.get(0).get("reason").asString()).isEqualTo("mailbox unavailable");
        assertThat(failed.get(0).get("actor").get("id").asString()).isEqualTo(dana.toString());
        assertThat(failed.get(0).get("actor").get("name").asString()).isEqualTo("Dana Reyes");

        List<JsonNode> anaLog = list(page("/api/v1/audit/clients/" + ana + "/entries?messageId=" + messageId, token)
                .get("entries"));
        assertThat(anaLog).extracting(e -> e.get("action").asString())
                .containsExactlyInAnyOrder("message.received", "delivery.delivered", "delivery.failed", "message.read");
        assertThat(list(page("/api/v1/audit/clients/" + ana + "/entries?channel=in_app", token).get("entries")))
                .extracting(e -> e.get("action").asString()).containsExactly("delivery.delivered");
        assertThat(list(page("/api/v1/audit/staff/" + dana + "/entries?action=message.read", token).get("entries")))
                .singleElement().satisfies(read -> {
                    assertThat(read.get("actor").get("id").asString()).isEqualTo(ana.toString());
                    assertThat(read.get("actor").get("name").asString()).isEqualTo("Ana Lima");
                });
        assertThat(page("/api/v1/audit/clients/" + ben + "/entries", token).get("entries").isEmpty()).isTrue();
    }

    @Test
    void aMessageSentInRecipientBatchesIsLoggedOnceForTheSenderAndOncePerRecipientWithWhatEachReceived() {
        UUID messageId = UUID.randomUUID();
        String rendered = sha256Of("Dear Ben, your Thursday session moves to 3pm.");
        Actor sender = new Actor(dana, PrincipalKind.staff, "Dana Reyes");
        MessageSent first = new MessageSent(messageId, practice.id, messageId, sender, SEALED, null,
                sha256Of("Schedule change"), Instant.now(),
                List.of(new MessageSent.Recipient(ana, PrincipalKind.client, "Ana Lima", null)), 0, 1, 2);
        MessageSent second = new MessageSent(messageId, practice.id, messageId, sender, SEALED, SEALED,
                sha256Of("Schedule change"), Instant.now(),
                List.of(new MessageSent.Recipient(ben, PrincipalKind.client, "Ben Cruz", null, null, rendered)), 0, 2, 2);
        TopicWriter.publish(kafka(), wrap(first), wrap(second));
        awaitEntries(practice.id, 3);

        assertThat(list(page("/api/v1/audit/staff/" + dana + "/entries", token).get("entries")))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.get("action").asString()).isEqualTo("message.sent");
                    assertThat(entry.get("detail").asString()).isEqualTo("recipientBatches=2");
                });
        assertThat(page("/api/v1/audit/clients/" + ana + "/entries", token).get("entries").get(0)
                .get("contentSha256").asString()).isEqualTo(sha256Of("Schedule change"));
        assertThat(page("/api/v1/audit/clients/" + ben + "/entries", token).get("entries").get(0)
                .get("contentSha256").asString()).isEqualTo(rendered);
    }

    private static EventEnvelope.Outgoing wrap(MessageSent sent) {
        return EventEnvelope.wrap(Topics.MESSAGES, sent.messageId().toString(), "/carerelay/messaging",
                sent.messageId().toString(), MessageSent.TYPE, sent);
    }

    @Test
    void theSameEventTwiceProducesOneEntry() {
        UUID messageId = UUID.randomUUID();
        EventEnvelope.Outgoing sent = practice.sent(messageId, dana, "Dana Reyes", List.of(ana), List.of());
        EventEnvelope.Outgoing failed = practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.email,
                DeliveryStatusChanged.Status.failed, "bounced");
        TopicWriter.publish(kafka(), sent, sent, failed);
        TopicWriter.publish(kafka(), failed, sent);
        // a later event on each topic: once it is logged, every earlier record has been handled
        UUID laterMessage = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(laterMessage, dana, "Dana Reyes", List.of(ben), List.of()),
                practice.status(laterMessage, dana, ben, DeliveryStatusChanged.Channel.in_app,
                        DeliveryStatusChanged.Status.delivered, null));
        awaitEntries(practice.id, 6);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> entries(practice.id) == 6);

        assertThat(jdbc.queryForObject("select count(*) from audit_entry where message_id = ?", Long.class, messageId))
                .isEqualTo(3);
        assertThat(list(page("/api/v1/audit/clients/" + ana + "/entries", token).get("entries")))
                .extracting(e -> e.get("action").asString()).containsExactly("delivery.failed", "message.received");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndLaterEventsStillFlow() {
        String poisonId = UUID.randomUUID().toString();
        TopicWriter.publishRaw(kafka(), Topics.MESSAGES, "poison", Map.of("ce_id", poisonId, "ce_type", MessageSent.TYPE,
                "ce_source", "/test", "ce_specversion", "1.0", "content-type", "application/json"), "{not json".getBytes());
        String incompleteId = UUID.randomUUID().toString();
        TopicWriter.publishRaw(kafka(), Topics.MESSAGES, "incomplete", Map.of("ce_id", incompleteId, "ce_type",
                MessageSent.TYPE, "ce_source", "/test", "ce_specversion", "1.0", "content-type", "application/json"),
                ("{\"messageId\":\"" + UUID.randomUUID() + "\",\"practiceId\":\"" + practice.id
                        + "\",\"recipientBatch\":1,\"recipientBatches\":1}").getBytes());
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana), List.of()));

        TopicReader.Seen deadLetter = TopicReader.await(kafka(), Topics.deadLetter("audit-service"),
                record -> poisonId.equals(record.headers().get("ce_id")), Duration.ofSeconds(30));
        assertThat(deadLetter.headers().get("x-dead-letter-reason")).contains("not valid");
        TopicReader.Seen refused = TopicReader.await(kafka(), Topics.deadLetter("audit-service"),
                record -> incompleteId.equals(record.headers().get("ce_id")), Duration.ofSeconds(30));
        assertThat(refused.headers().get("x-dead-letter-reason")).contains("event lacks sender");
        awaitEntries(practice.id, 2);
        assertThat(list(page("/api/v1/audit/clients/" + ana + "/entries", token).get("entries")))
                .extracting(e -> e.get("messageId").asString()).containsExactly(messageId.toString());
    }

    @Test
    void opsListAndRedriveAuditsOwnDeadLettersWithDeliverysApiAndPermission() {
        String incompleteId = UUID.randomUUID().toString();
        TopicWriter.publishRaw(kafka(), Topics.MESSAGES, "incomplete", Map.of("ce_id", incompleteId, "ce_type",
                MessageSent.TYPE, "ce_source", "/test", "ce_specversion", "1.0", "content-type", "application/json"),
                ("{\"messageId\":\"" + UUID.randomUUID() + "\",\"practiceId\":\"" + practice.id
                        + "\",\"recipientBatch\":1,\"recipientBatches\":1}").getBytes());
        TopicReader.await(kafka(), Topics.deadLetter("audit-service"),
                record -> incompleteId.equals(record.headers().get("ce_id")), Duration.ofSeconds(30));
        String ops = practice.token(dana, "delivery:redrive");

        assertThat(http().get("/api/v1/dead-letters", token).status()).as("needs delivery:redrive").isEqualTo(403);
        JsonNode listed = await().atMost(Duration.ofSeconds(30)).until(() -> java.util.stream.StreamSupport.stream(
                        http().get("/api/v1/dead-letters?limit=500", ops).json().get("records").spliterator(), false)
                .filter(record -> incompleteId.equals(record.get("eventId").asString())).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(listed.get("originalTopic").asString()).isEqualTo(Topics.MESSAGES);
        String redrive = "/api/v1/dead-letters/" + listed.get("partition").asInt() + "/" + listed.get("offset").asLong()
                + "/redrive";
        assertThat(http().post(redrive, ops, "").status()).isEqualTo(200);
        assertThat(http().post(redrive, ops, "").status()).as("each record once").isEqualTo(409);
    }

    @Test
    void readsTheContractsCheckedInSampleEvents() throws IOException {
        UUID practiceId = UUID.randomUUID();
        for (String type : List.of(MessageSent.TYPE, DeliveryStatusChanged.TYPE, "carerelay.message.read.v1")) {
            String sample = sample(type).replace("11111111-1111-4111-8111-111111111111", practiceId.toString());
            TopicWriter.publishRaw(kafka(), type.equals(DeliveryStatusChanged.TYPE) ? Topics.DELIVERY_STATUS : Topics.MESSAGES,
                    "6f1c2f7e-3b7a-4d1e-9a44-0c6f7f1f2a01", Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", type,
                            "ce_source", "/carerelay/test", "ce_specversion", "1.0", "content-type", "application/json"),
                    sample.getBytes(StandardCharsets.UTF_8));
        }
        awaitEntries(practiceId, 5); // sent + received, delivered, read by Sam + in Dana's log

        List<Map<String, Object>> rows = jdbc.queryForList("""
                select action, subject_id::text as subject, actor_id::text as actor, channel, content_sha256
                from audit_entry where practice_id = ? order by chain_seq""", practiceId);
        assertThat(rows).extracting(row -> row.get("action") + " " + row.get("subject") + " by " + row.get("actor"))
                .containsExactlyInAnyOrder(
                        "message.sent 22222222-2222-4222-8222-222222222222 by 22222222-2222-4222-8222-222222222222",
                        "message.received 33333333-3333-4333-8333-333333333333 by 22222222-2222-4222-8222-222222222222",
                        "delivery.delivered 33333333-3333-4333-8333-333333333333 by 22222222-2222-4222-8222-222222222222",
                        "message.read 33333333-3333-4333-8333-333333333333 by 33333333-3333-4333-8333-333333333333",
                        "message.read 22222222-2222-4222-8222-222222222222 by 33333333-3333-4333-8333-333333333333");
        assertThat(rows).filteredOn(row -> "message.received".equals(row.get("action")))
                .extracting(row -> row.get("content_sha256"))
                .containsExactly("51c93febcc0886e8b4714c6faaf907c049e277c33c6652b2df9bb3ad1033c349");
    }

    private static String sample(String type) throws IOException {
        try (InputStream in = ActivityLogIT.class.getResourceAsStream("/samples/" + type + ".json")) {
            assertThat(in).as("sample " + type).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
