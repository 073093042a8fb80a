package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Topics;
import com.carerelay.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookIT extends DeliveryIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theMessageAsTheClientSeesItIsPostedSignedWithEveryActiveSecret() throws Exception {
        String oldSecret = newSecret();
        String newSecret = newSecret();
        String path = "/hooks/" + UUID.randomUUID();
        Practice practice = newPractice("Riverbend Family Practice", false, HttpReceiver.get().url(path),
                List.of(oldSecret, newSecret), 1);
        Person dana = practice.staff("Dana", "Reyes", false);
        Person sam = practice.staff("Sam", "Okafor", false);
        Person casey = practice.client("Casey", "Lin", false);
        MessageContent.Attachment labs = new MessageContent.Attachment(UUID.randomUUID(), "labs.pdf", "application/pdf",
                2048, "ab".repeat(32));

        UUID messageId = UUID.randomUUID();
        EventEnvelope.Outgoing sent = publishMessage(messageId, dana, List.of(
                new MessageSent.Recipient(casey.id(), PrincipalKind.client, casey.name(), null, null, "1".repeat(64)),
                new MessageSent.Recipient(sam.id(), PrincipalKind.staff, sam.name(), null)), List.of(labs),
                CONTENT.sealRenderings(messageId, 1, Map.of(casey.id(),
                        new MessageContent.Rendering("Your results, Casey", "Hi Casey, your results are in."))));

        HttpReceiver.Request request = await().atMost(Duration.ofSeconds(30))
                .until(() -> HttpReceiver.get().requests(path), requests -> !requests.isEmpty()).getFirst();
        String id = request.header("webhook-id");
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
        String signatures = request.header("webhook-signature");
        assertThat(signatures.split(" ")).hasSize(2);
        assertThat(verifies(oldSecret, id, timestamp, request.body(), signatures)).as("old secret").isTrue();
        assertThat(verifies(newSecret, id, timestamp, request.body(), signatures)).as("new secret").isTrue();
        assertThat(verifies(newSecret(), id, timestamp, request.body(), signatures)).as("unknown secret").isFalse();
        byte[] tampered = new String(request.body(), StandardCharsets.UTF_8).replace("Casey", "Caser")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verifies(newSecret, id, timestamp, tampered, signatures)).as("tampered body").isFalse();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");

        JsonNode payload = JSON.readTree(request.body());
        assertThat(payload.get("type").asString()).isEqualTo("message.received");
        JsonNode data = payload.get("data");
        assertThat(data.get("messageId").asString()).isEqualTo(sent.key());
        assertThat(data.get("practice").get("name").asString()).isEqualTo("Riverbend Family Practice");
        assertThat(data.get("sender").get("id").asString()).isEqualTo(dana.id().toString());
        assertThat(data.get("recipient").get("id").asString()).isEqualTo(casey.id().toString());
        assertThat(data.get("subject").asString()).isEqualTo("Your results, Casey");
        assertThat(data.get("body").asString()).isEqualTo("Hi Casey, your results are in.");
        assertThat(data.get("attachments").get(0).get("fileName").asString()).isEqualTo("labs.pdf");
        assertThat(data.get("attachments").get(0).get("sha256").asString()).isEqualTo("ab".repeat(32));

        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(sent, casey.id(), Channel.webhook).get("status")));
        assertThat(id).isEqualTo(attempt(sent, casey.id(), Channel.webhook).get("id").toString());
        assertThat(statuses(sent.key(), Channel.webhook).get(casey.id())).containsExactly("queued", "sent");
        assertThat(attempt(sent, sam.id(), Channel.webhook).get("status")).as("staff copies stay inside").isEqualTo("none");
        assertThat(HttpReceiver.get().requests(path)).hasSize(1);
    }

    @Test
    void secretsTravelAndRestSealedYetTheWebhookStillVerifiesWithThem() {
        String secret = newSecret();
        String key = secret.substring("whsec_".length());
        String path = "/hooks/" + UUID.randomUUID();
        Practice practice = newPractice("Sealed Secrets Practice", false, HttpReceiver.get().url(path), List.of(secret), 1);
        Person dana = practice.staff("Dana", "Reyes", false);
        Person casey = practice.client("Casey", "Lin", false);

        List<TopicReader.Seen> onTopic = TopicReader.readAll(kafka(), Topics.DIRECTORY, Duration.ofSeconds(5)).stream()
                .filter(record -> practice.id.toString().equals(record.key())).toList();
        assertThat(onTopic).isNotEmpty();
        assertThat(onTopic).allSatisfy(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .doesNotContain(key).doesNotContain(key.substring(0, 12)));
        assertThat(jdbc.queryForObject("select array_to_string(webhook_secrets_sealed, ' ') from practice where id = ?",
                String.class, practice.id)).as("the replica keeps them sealed").isNotBlank().doesNotContain(key);

        EventEnvelope.Outgoing sent = publishMessage(dana, casey);

        HttpReceiver.Request request = await().atMost(Duration.ofSeconds(30))
                .until(() -> HttpReceiver.get().requests(path), requests -> !requests.isEmpty()).getFirst();
        assertThat(verifies(secret, request.header("webhook-id"), Long.parseLong(request.header("webhook-timestamp")),
                request.body(), request.header("webhook-signature"))).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(sent, casey.id(), Channel.webhook).get("status")));
    }

    @Test
    void aPracticeRecordFromBeforeSealingIsSealedInTheReplicaAndStillSigns() {
        String secret = newSecret();
        String path = "/hooks/" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        Practice practice = publishPractice(id, 1, new DirectoryChanged.Practice("Legacy Record Practice",
                senderEmail(id), true, false, HttpReceiver.get().url(path), List.of(secret)));
        Person dana = practice.staff("Dana", "Reyes", false);
        Person casey = practice.client("Casey", "Lin", false);
        assertThat(jdbc.queryForObject("select array_to_string(webhook_secrets_sealed, ' ') from practice where id = ?",
                String.class, id)).doesNotContain(secret.substring("whsec_".length()));

        publishMessage(dana, casey);

        HttpReceiver.Request request = await().atMost(Duration.ofSeconds(30))
                .until(() -> HttpReceiver.get().requests(path), requests -> !requests.isEmpty()).getFirst();
        assertThat(verifies(secret, request.header("webhook-id"), Long.parseLong(request.header("webhook-timestamp")),
                request.body(), request.header("webhook-signature"))).isTrue();
    }

    @Test
    void anEndpointThatFailsFiveTimesThenRecoversGetsTheMessageExactlyOnceUnderOneId() {
        String secret = newSecret();
        String path = "/hooks/" + UUID.randomUUID();
        AtomicInteger calls = new AtomicInteger();
        HttpReceiver.get().answer(path, request -> calls.incrementAndGet() <= 5 ? (calls.get() % 2 == 0 ? 429 : 503) : 200);
        Practice practice = newPractice("Flaky Portal Practice", false, HttpReceiver.get().url(path), List.of(secret), 1);
        Person dana = practice.staff("Dana", "Reyes", false);
        Person casey = practice.client("Casey", "Lin", false);

        EventEnvelope.Outgoing sent = publishMessage(dana, casey);

        await().atMost(Duration.ofSeconds(60)).until(() -> "sent".equals(attempt(sent, casey.id(), Channel.webhook).get("status")));
        List<HttpReceiver.Request> requests = HttpReceiver.get().requests(path);
        assertThat(requests).hasSize(6);
        assertThat(requests.stream().filter(request -> request.answered() == 200)).hasSize(1);
        assertThat(requests.stream().map(request -> request.header("webhook-id")).distinct()).hasSize(1);
        assertThat(requests.stream().map(request -> sha256(request.body())).distinct()).as("the same body").hasSize(1);
        for (HttpReceiver.Request request : requests) {
            assertThat(verifies(secret, request.header("webhook-id"), Long.parseLong(request.header("webhook-timestamp")),
                    request.body(), request.header("webhook-signature"))).isTrue();
        }
        assertThat(statuses(sent.key(), Channel.webhook).get(casey.id())).containsExactly("queued", "sent");
        assertThat(jdbc.queryForList("""
                select e.reason from delivery_attempt_event e join delivery_attempt a on a.id = e.attempt_id
                where a.message_id = ? and a.channel = 'webhook' and e.status = 'queued' and e.reason is not null""",
                String.class, messageId(sent))).hasSize(5).allMatch(reason -> reason.startsWith("webhook endpoint answered"));
    }

    @Test
    void anEndpointThatTricklesItsAnswerIsCutOffAtTheDeadlineAndRetriedWithOneNeutralReason() {
        String tricklePath = "/hooks/" + UUID.randomUUID();
        HttpReceiver.get().trickle(tricklePath);
        Practice slow = newPractice("Trickling Portal Practice", false, HttpReceiver.get().url(tricklePath),
                List.of(newSecret()), 1);
        Person dana = slow.staff("Dana", "Reyes", false);
        Person casey = slow.client("Casey", "Lin", false);

        EventEnvelope.Outgoing sent = publishMessage(dana, casey);

        await().atMost(Duration.ofSeconds(30)).until(() -> !HttpReceiver.get().requests(tricklePath).isEmpty());
        Instant reached = Instant.now();
        String reason = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList("""
                select e.reason from delivery_attempt_event e join delivery_attempt a on a.id = e.attempt_id
                where a.message_id = ? and a.channel = 'webhook' and e.status = 'queued' and e.reason is not null""",
                String.class, messageId(sent)), reasons -> !reasons.isEmpty()).getFirst();
        assertThat(Duration.between(reached, Instant.now())).as("cut off at the 2 s deadline, not after a minute of body")
                .isLessThan(Duration.ofSeconds(8));
        assertThat(reason).startsWith("webhook endpoint unreachable or no complete answer in time; try 2 at ");
    }

    @Test
    void goneDisablesTheEndpointAndARedirectIsNotFollowed() {
        String gonePath = "/hooks/" + UUID.randomUUID();
        HttpReceiver.get().answer(gonePath, request -> 410);
        Practice practice = newPractice("Closed Portal Practice", false, HttpReceiver.get().url(gonePath),
                List.of(newSecret()), 1);
        Person dana = practice.staff("Dana", "Reyes", false);
        Person casey = practice.client("Casey", "Lin", false);

        EventEnvelope.Outgoing first = publishMessage(dana, casey);
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(attempt(first, casey.id(), Channel.webhook).get("status")));
        assertThat(attempt(first, casey.id(), Channel.webhook).get("reason")).asString().contains("410").contains("disabled");
        EventEnvelope.Outgoing second = publishMessage(dana, casey);
        awaitHandled(second);
        assertThat(attempt(second, casey.id(), Channel.webhook).get("status")).isEqualTo("none");
        assertThat(HttpReceiver.get().requests(gonePath)).hasSize(1);

        String movedPath = "/hooks/" + UUID.randomUUID();
        HttpReceiver.get().answer(movedPath, request -> 302);
        newPractice(practice.id, "Closed Portal Practice", false, HttpReceiver.get().url(movedPath), List.of(newSecret()), 2);
        int elsewhereBefore = HttpReceiver.get().requests("/elsewhere").size();
        EventEnvelope.Outgoing third = publishMessage(dana, casey);
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(attempt(third, casey.id(), Channel.webhook).get("status")));
        assertThat(attempt(third, casey.id(), Channel.webhook).get("reason"))
                .isEqualTo("webhook endpoint answered 302 (redirects are not followed)");
        assertThat(HttpReceiver.get().requests(movedPath)).hasSize(1);
        assertThat(HttpReceiver.get().requests("/elsewhere")).hasSize(elsewhereBefore);
    }

    /**
     * Standard Webhooks verification written from the specification: the signed content is
     * {@code id.timestamp.body}, the key is the base64 part of {@code whsec_...}, the header lists
     * {@code v1,<base64 HMAC-SHA256>} signatures separated by spaces, compared in constant time.
     */
    private static boolean verifies(String secret, String id, long timestamp, byte[] body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] signedContent = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            byte[] expected = mac.doFinal(signedContent);
            for (String signature : header.split(" ")) {
                String[] parts = signature.split(",", 2);
                if (parts.length == 2 && parts[0].equals("v1")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String sha256(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
