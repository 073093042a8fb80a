package com.carerelay.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Samples;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.Topics;
import com.carerelay.platform.outbox.OutboxRelay;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicReader;
import com.carerelay.testing.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class MessageSendingIT extends MessagingIntegrationTest {

    @Autowired
    OutboxRelay relay;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    Practice practice;
    UUID dana;
    UUID sam;
    String danaToken;

    @BeforeEach
    void givenAPracticeWithTwoStaff() {
        practice = newPractice();
        dana = practice.staffWithRoles("Dana", "Reyes", List.of("clinician"), "message:send");
        sam = practice.staff("Sam", "Okafor", true);
        danaToken = practice.token(dana, "message:send");
    }

    @Test
    void sendsToAStaffMemberAndPublishesMessageSentAfterCommit() {
        Http.Response sent = http().post("/api/v1/messages", danaToken, send("Schedule change", "Thursday moves to 3pm", sam));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        JsonNode message = sent.json();
        assertThat(sent.raw().headers().firstValue("Location")).hasValue("/api/v1/messages/" + message.get("id").asString());
        assertThat(message.get("sender").get("name").asString()).isEqualTo("Dana Reyes");
        assertThat(message.get("recipients").get(0).get("name").asString()).isEqualTo("Sam Okafor");
        assertThat(message.get("recipients").get(0).get("status").asString()).isEqualTo("queued");

        String messageId = message.get("id").asString();
        TopicReader.Seen seen = TopicReader.await(kafka(), Topics.MESSAGES, record -> messageId.equals(record.key()),
                Duration.ofSeconds(30));
        assertThat(seen.headers()).containsEntry("ce_type", "carerelay.message.sent.v2")
                .containsEntry("ce_source", "/carerelay/messaging").containsEntry("ce_subject", messageId);
        MessageSent event = seen.event().payload(MessageSent.class);
        assertThat(event.recipients()).extracting(MessageSent.Recipient::recipientId).containsExactly(sam);
        assertThat(Samples.contentSeal().open(event).subject()).as("sealed for delivery").isEqualTo("Schedule change");
        assertThat(event.sender().roles()).as("the sender's role at the time, for audit").containsExactly("clinician");

        Http.Response samReads = http().get("/api/v1/messages/" + messageId, practice.token(sam));
        assertThat(samReads.status()).isEqualTo(200);
        assertThat(samReads.json().get("body").asString()).isEqualTo("Thursday moves to 3pm");
        assertThat(http().get("/api/v1/inbox", practice.token(sam)).json().get(0).get("messageId").asString())
                .isEqualTo(messageId);
    }

    @Test
    void showsTheRecipientDeliveredOnceDeliveryReportsIt() {
        String messageId = http().post("/api/v1/messages", danaToken, send("Hi", "Body", sam)).json().get("id").asString();

        EventEnvelope.Outgoing delivered = statusEvent(UUID.fromString(messageId), DeliveryStatusChanged.Status.delivered);
        TopicWriter.publish(kafka(), delivered);
        TopicWriter.publish(kafka(), delivered); // redelivered: changes nothing

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode history = http().get("/api/v1/messages/" + messageId + "/delivery", danaToken).json();
            JsonNode recipient = history.get("recipients").get(0);
            assertThat(recipient.get("status").asString()).isEqualTo("delivered");
            assertThat(recipient.get("channels").get(0).get("channel").asString()).isEqualTo("in_app");
        });
        Thread.yield();
        assertThat(jdbc.queryForObject("select count(*) from delivery_status_history where message_id = ?::uuid",
                Long.class, messageId)).isEqualTo(1);
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndLaterEventsStillFlow() {
        String messageId = http().post("/api/v1/messages", danaToken, send("Hi", "Body", sam)).json().get("id").asString();
        String poisonId = UUID.randomUUID().toString();
        TopicWriter.publishRaw(kafka(), Topics.DELIVERY_STATUS, messageId, Map.of("ce_id", poisonId,
                "ce_type", DeliveryStatusChanged.TYPE, "ce_source", "/test", "ce_specversion", "1.0",
                "content-type", "application/json"), "{not json".getBytes());
        TopicWriter.publish(kafka(), statusEvent(UUID.fromString(messageId), DeliveryStatusChanged.Status.delivered));

        TopicReader.Seen deadLetter = TopicReader.await(kafka(), Topics.deadLetter("messaging-service"),
                record -> poisonId.equals(record.headers().get("ce_id")), Duration.ofSeconds(30));
        assertThat(deadLetter.headers().get("x-dead-letter-reason")).contains("not valid");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                http().get("/api/v1/messages/" + messageId + "/delivery", danaToken).json()
                        .get("recipients").get(0).get("status").asString()).isEqualTo("delivered"));
    }

    @Test
    void aCrashBetweenCommitAndPublishLosesNoEvent() throws Exception {
        relay.stop();
        String messageId;
        try {
            messageId = http().post("/api/v1/messages", danaToken, send("Hi", "Body", sam)).json().get("id").asString();
            assertThat(jdbc.queryForObject("select count(*) from outbox_event where event_key = ?", Long.class, messageId))
                    .isEqualTo(1);
        } finally {
            relay.start(); // the restarted relay finds the committed row
        }
        TopicReader.await(kafka(), Topics.MESSAGES, record -> messageId.equals(record.key()), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.queryForObject("select count(*) from outbox_event where event_key = ?", Long.class, messageId) == 0);
    }

    @Test
    void refusesWithoutAToken() {
        Http.Response response = http().post("/api/v1/messages", null, send("Hi", "Body", sam));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void refusesATokenFromAnotherIssuer() {
        Http.Response response = http().get("/api/v1/inbox", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void aPermissionWithdrawnInTheDirectoryStopsSendingBeforeTheTokenExpires() {
        UUID lee = practice.staff("Lee", "Park", true, "message:send");
        String stillValidToken = practice.token(lee, "message:send");
        assertThat(http().post("/api/v1/messages", stillValidToken, send("Hi", "Body", sam)).status()).isEqualTo(201);

        practice.publish(DirectoryChanged.ofStaff(lee, practice.id, 2, new DirectoryChanged.Staff("Lee", "Park",
                "lee@example.test", true, List.of(), false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select version from directory_entry where id = ?", Long.class, lee) == 2);

        Http.Response refused = http().post("/api/v1/messages", stillValidToken, send("Hi again", "Body", sam));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("message:send");
    }

    @Test
    void redriveWithdrawnInTheDirectoryIsRefusedBeforeTheTokenExpires() {
        UUID lee = practice.staff("Lee", "Ops", true, "delivery:redrive");
        String token = practice.token(lee, "delivery:redrive");
        assertThat(http().get("/api/v1/dead-letters", token).status()).isEqualTo(200);

        practice.publish(DirectoryChanged.ofStaff(lee, practice.id, 2, new DirectoryChanged.Staff("Lee", "Ops",
                "lee@example.test", true, List.of(), false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select version from directory_entry where id = ?", Long.class, lee) == 2);

        Http.Response refused = http().get("/api/v1/dead-letters", token);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("delivery:redrive");
    }

    @Test
    void refusesSendWithoutPermission() {
        Http.Response response = http().post("/api/v1/messages", practice.token(sam), send("Hi", "Body", dana));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asString()).contains("message:send");
    }

    @Test
    void anotherPracticesMessageAnswers404() {
        String messageId = http().post("/api/v1/messages", danaToken, send("Hi", "Body", sam)).json().get("id").asString();
        Practice other = newPractice();
        String outsider = TestTokens.staff(dana, other.id, "message:send");
        for (String path : new String[]{"/api/v1/messages/" + messageId, "/api/v1/messages/" + messageId + "/delivery"}) {
            Http.Response response = http().get(path, outsider);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(http().get("/api/v1/messages/" + messageId, practice.token(UUID.randomUUID())).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing subject | {\"body\":\"b\",\"recipients\":{\"staffIds\":[\"SAM\"]}} | subject",
            "blank body | {\"subject\":\"s\",\"body\":\" \",\"recipients\":{\"staffIds\":[\"SAM\"]}} | body",
            "no recipients | {\"subject\":\"s\",\"body\":\"b\",\"recipients\":{\"staffIds\":[]}} | recipients",
            "unknown recipient | {\"subject\":\"s\",\"body\":\"b\",\"recipients\":{\"staffIds\":[\"SAM\",\"" + "00000000-0000-4000-8000-000000000000\"]}} | recipients.staffIds[1]",
            "wrong type | {\"subject\":\"s\",\"body\":\"b\",\"recipients\":{\"staffIds\":[42]}} | recipients.staffIds[0]",
            "not a uuid | {\"subject\":\"s\",\"body\":\"b\",\"recipients\":{\"staffIds\":[\"nope\"]}} | recipients.staffIds[0]",
            "unknown field | {\"subject\":\"s\",\"body\":\"b\",\"recipients\":{\"staffIds\":[\"SAM\"]},\"cc\":1} | cc",
            "malformed JSON | {\"subject\":\"s\", | Malformed JSON",
    })
    void refusesABadRequestNamingTheProblemAndStoresNothing(String name, String body, String named) {
        long messagesBefore = count("message");
        long outboxBefore = count("outbox_event");

        Http.Response response = http().post("/api/v1/messages", danaToken, body.replace("SAM", sam.toString()));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asString()).contains(named);
        assertThat(count("message")).isEqualTo(messagesBefore);
        assertThat(count("outbox_event")).isEqualTo(outboxBefore);
    }

    @Test
    void refusesAnOversizedBodyNamingTheField() {
        Http.Response response = http().post("/api/v1/messages", danaToken, send("s", "x".repeat(100_001), sam));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("body");
    }

    @Test
    void refusesABadIdempotencyKeyAndAnOutOfRangeLimitNamingThemAndStoresNothing() {
        long messagesBefore = count("message");

        Http.Response longKey = http().post("/api/v1/messages", danaToken, send("s", "b", sam), "k".repeat(201));
        assertThat(longKey.status()).isEqualTo(400);
        assertThat(longKey.isProblem()).isTrue();
        assertThat(longKey.json().get("detail").asString()).contains("Idempotency-Key");
        assertThat(count("message")).isEqualTo(messagesBefore);

        Http.Response zero = http().get("/api/v1/inbox?limit=0", danaToken);
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.isProblem()).isTrue();
        assertThat(zero.json().get("detail").asString()).contains("limit");
    }

    @Test
    void refusesAnInactiveRecipientByName() {
        UUID gone = practice.staff("Lee", "Former", false);
        Http.Response response = http().post("/api/v1/messages", danaToken, send("s", "b", gone));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("Lee Former is inactive");
    }

    @Test
    void anEventBreakingItsSchemaIsDeadLetteredAndOpsRedriveItOnce() {
        String messageId = http().post("/api/v1/messages", danaToken, send("Hi", "Body", sam)).json().get("id").asString();
        DeliveryStatusChanged noChannel = new DeliveryStatusChanged(UUID.fromString(messageId), practice.id, dana, sam,
                PrincipalKind.staff, null, DeliveryStatusChanged.Status.delivered, null, Instant.now());
        EventEnvelope.Outgoing poison = EventEnvelope.wrap(Topics.DELIVERY_STATUS, messageId, "/carerelay/delivery",
                messageId, DeliveryStatusChanged.TYPE, noChannel);
        TopicWriter.publish(kafka(), poison);
        TopicReader.Seen deadLetter = TopicReader.await(kafka(), Topics.deadLetter("messaging-service"),
                record -> poison.id().toString().equals(record.headers().get("ce_id")), Duration.ofSeconds(30));
        assertThat(deadLetter.headers().get("x-dead-letter-reason")).doesNotContain("Body");
        assertThat(meters.get("carerelay.consumer.dead.letters").tag("group", "messaging-service").counter().count())
                .as("counted for the alert").isGreaterThanOrEqualTo(1);
        assertThat(meters.get("carerelay.outbox.oldest.age").gauge().value()).as("measurable").isGreaterThanOrEqualTo(0);

        String ops = practice.token(practice.staff("Ops", "Lead", true, "delivery:redrive"), "delivery:redrive");
        assertThat(http().get("/api/v1/dead-letters", danaToken).status()).as("needs delivery:redrive").isEqualTo(403);
        JsonNode listed = java.util.stream.StreamSupport.stream(
                        http().get("/api/v1/dead-letters?limit=500", ops).json().get("records").spliterator(), false)
                .filter(record -> poison.id().toString().equals(record.get("eventId").asString())).findFirst().orElseThrow();
        assertThat(listed.get("originalTopic").asString()).isEqualTo(Topics.DELIVERY_STATUS);
        String redrive = "/api/v1/dead-letters/" + listed.get("partition").asInt() + "/" + listed.get("offset").asLong()
                + "/redrive";
        assertThat(http().post(redrive, ops, "").status()).isEqualTo(200);
        assertThat(http().post(redrive, ops, "").status()).as("each record once").isEqualTo(409);
        Practice other = newPractice();
        assertThat(http().get("/api/v1/dead-letters?limit=500", other.token(other.staff("Olive", "Ops", true,
                "delivery:redrive"), "delivery:redrive")).json().get("records").toString()).as("another practice sees none of it")
                .doesNotContain(poison.id().toString());
    }

    @Test
    void textPostgresCannotStoreIsRefusedNamingTheFieldAndNothingIsStored() {
        long messages = count("message");
        long templates = count("message_template");
        Http.Response subject = http().post("/api/v1/messages", danaToken, """
                {"subject":"Hi\u0000","body":"B","recipients":{"staffIds":["%s"]}}""".formatted(sam));
        Http.Response body = http().post("/api/v1/messages", danaToken, """
                {"subject":"Hi","body":"B\u0000","recipients":{"staffIds":["%s"]}}""".formatted(sam));
        Http.Response template = http().post("/api/v1/templates", danaToken, """
                {"name":"Re\u0000minder","subject":"S","body":"B"}""");

        for (Http.Response refused : List.of(subject, body, template)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.isProblem()).isTrue();
        }
        assertThat(subject.json().get("errors").get(0).get("field").asString()).isEqualTo("subject");
        assertThat(body.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(template.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(count("message")).isEqualTo(messages);
        assertThat(count("message_template")).isEqualTo(templates);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private EventEnvelope.Outgoing statusEvent(UUID messageId, DeliveryStatusChanged.Status status) {
        DeliveryStatusChanged change = new DeliveryStatusChanged(messageId, practice.id, dana, sam, PrincipalKind.staff,
                DeliveryStatusChanged.Channel.in_app, status, null, Instant.now());
        return EventEnvelope.wrap(Topics.DELIVERY_STATUS, messageId.toString(), "/carerelay/delivery",
                messageId.toString(), DeliveryStatusChanged.TYPE, change);
    }

    static String send(String subject, String body, UUID... staff) {
        StringBuilder ids = new StringBuilder();
        for (UUID id : staff) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(id).append('"');
        }
        return "{\"subject\":\"" + subject + "\",\"body\":\"" + body + "\",\"recipients\":{\"staffIds\":[" + ids + "]}}";
    }
}
