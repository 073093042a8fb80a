package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.Actor;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageRead;
import com.carerelay.events.MessageSent;
import com.carerelay.events.Topics;
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
import tools.jackson.databind.JsonNode;

class NotificationFeedIT extends DeliveryIntegrationTest {

    Practice practice;
    Person dana;
    Person sam;

    @BeforeEach
    void givenAPracticeWithTwoStaff() {
        practice = newPractice("Sunrise Counseling");
        dana = practice.staff("Dana", "Reyes", false);
        sam = practice.staff("Sam", "Okafor", false);
    }

    @Test
    void aSentMessageBecomesANoticeInTheRecipientsFeedAndADeliveredStatusEvent() {
        EventEnvelope.Outgoing sent = publishMessage(dana, sam);
        String messageId = sent.key();

        JsonNode feed = awaitFeed(sam, 1);
        JsonNode notice = feed.get(0);
        assertThat(notice.get("messageId").asString()).isEqualTo(messageId);
        assertThat(notice.get("text").asString()).isEqualTo("New secure message from Dana Reyes");
        assertThat(notice.get("seen").asBoolean()).isFalse();
        assertThat(feed.toString()).doesNotContain(SUBJECT).doesNotContain(BODY);
        assertThat(http().get("/api/v1/notifications/unread-count", sam.token()).json().get("unread").asLong())
                .isEqualTo(1);
        assertThat(http().get("/api/v1/notifications", dana.token()).json()).isEmpty();

        TopicReader.Seen status = TopicReader.await(kafka(), Topics.DELIVERY_STATUS,
                record -> messageId.equals(record.key()), Duration.ofSeconds(30));
        assertThat(status.headers()).containsEntry("ce_type", DeliveryStatusChanged.TYPE)
                .containsEntry("ce_source", "/carerelay/delivery").containsEntry("ce_subject", messageId);
        DeliveryStatusChanged change = status.event().payload(DeliveryStatusChanged.class);
        assertThat(change.recipientId()).isEqualTo(sam.id());
        assertThat(change.senderId()).isEqualTo(dana.id());
        assertThat(change.practiceId()).isEqualTo(practice.id);
        assertThat(change.channel()).isEqualTo(DeliveryStatusChanged.Channel.in_app);
        assertThat(change.status()).isEqualTo(DeliveryStatusChanged.Status.delivered);
    }

    @Test
    void theSameMessageDeliveredTwiceOrReplayedCreatesOneNoticeOneAttemptAndOneStatusEvent() {
        EventEnvelope.Outgoing sent = publishMessage(dana, sam);
        TopicWriter.publish(kafka(), sent); // redelivered: same ce_id
        EventEnvelope.Outgoing replayed = messageSent(messageId(sent), dana, sam); // re-published with a new ce_id
        TopicWriter.publish(kafka(), replayed);
        awaitHandled(sent);
        awaitHandled(replayed);

        assertThat(count("notification where message_id = ?", messageId(sent))).isEqualTo(1);
        assertThat(count("delivery_attempt where message_id = ?", messageId(sent))).isEqualTo(1);
        assertThat(awaitFeed(sam, 1)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                count("outbox_event where event_key = ?", sent.key()) == 0);
        List<TopicReader.Seen> statuses = TopicReader.readAll(kafka(), Topics.DELIVERY_STATUS, Duration.ofSeconds(5))
                .stream().filter(record -> sent.key().equals(record.key())).toList();
        assertThat(statuses).hasSize(1);
    }

    @Test
    void everyRecipientGetsTheirOwnNoticeAndClientsSeeOnlyTheirs() {
        Person casey = practice.client("Casey", "Lin", false);
        Person jordan = practice.client("Jordan", "Park", false);
        EventEnvelope.Outgoing sent = publishMessage(dana, sam, casey, jordan);

        for (Person recipient : List.of(sam, casey, jordan)) {
            JsonNode feed = awaitFeed(recipient, 1);
            assertThat(feed.get(0).get("messageId").asString()).isEqualTo(sent.key());
        }
        assertThat(count("delivery_attempt where message_id = ? and channel = 'in_app' and status = 'delivered'",
                messageId(sent))).isEqualTo(3);
        String caseysNotice = awaitFeed(casey, 1).get(0).get("id").asString();
        Http.Response jordanMarks = http().post("/api/v1/notifications/" + caseysNotice + "/seen", jordan.token(), "");
        assertThat(jordanMarks.status()).isEqualTo(404);
        assertThat(jordanMarks.isProblem()).isTrue();
    }

    @Test
    void listsNewestFirstAndHonoursTheLimit() {
        EventEnvelope.Outgoing first = publishMessage(dana, sam);
        awaitFeed(sam, 1);
        EventEnvelope.Outgoing second = publishMessage(dana, sam);
        JsonNode feed = awaitFeed(sam, 2);

        assertThat(feed.get(0).get("messageId").asString()).isEqualTo(second.key());
        assertThat(feed.get(1).get("messageId").asString()).isEqualTo(first.key());
        JsonNode limited = http().get("/api/v1/notifications?limit=1", sam.token()).json();
        assertThat(limited).hasSize(1);
        assertThat(limited.get(0).get("messageId").asString()).isEqualTo(second.key());
    }

    @Test
    void markingANoticeSeenLowersTheUnreadCountOnce() {
        publishMessage(dana, sam);
        publishMessage(dana, sam);
        JsonNode feed = awaitFeed(sam, 2);
        String id = feed.get(0).get("id").asString();

        Http.Response seen = http().post("/api/v1/notifications/" + id + "/seen", sam.token(), "");
        assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
        assertThat(seen.json().get("seen").asBoolean()).isTrue();
        String seenAt = seen.json().get("seenAt").asString();
        Http.Response again = http().post("/api/v1/notifications/" + id + "/seen", sam.token(), "");
        assertThat(again.json().get("seenAt").asString()).isEqualTo(seenAt);
        assertThat(http().get("/api/v1/notifications/unread-count", sam.token()).json().get("unread").asLong())
                .isEqualTo(1);
    }

    @Test
    void readingTheMessageMarksItsNoticeSeen() {
        EventEnvelope.Outgoing sent = publishMessage(dana, sam);
        awaitFeed(sam, 1);
        MessageRead read = new MessageRead(messageId(sent), practice.id, dana.id(),
                new Actor(sam.id(), sam.kind(), sam.name()), Instant.now());
        TopicWriter.publish(kafka(), EventEnvelope.wrap(Topics.MESSAGES, sent.key(), "/carerelay/messaging", sent.key(),
                MessageRead.TYPE, read));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                http().get("/api/v1/notifications/unread-count", sam.token()).json().get("unread").asLong()).isZero());
        assertThat(http().get("/api/v1/notifications", sam.token()).json().get(0).get("seen").asBoolean()).isTrue();
    }

    @Test
    void anotherPersonsOrPracticesNoticeAnswers404() {
        publishMessage(dana, sam);
        String id = awaitFeed(sam, 1).get(0).get("id").asString();
        Practice other = newPractice("Elsewhere Clinic");

        for (String token : List.of(dana.token(), TestTokens.staff(sam.id(), other.id))) {
            Http.Response response = http().post("/api/v1/notifications/" + id + "/seen", token, "");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(http().get("/api/v1/notifications", TestTokens.staff(sam.id(), other.id)).json()).isEmpty();
        assertThat(http().post("/api/v1/notifications/" + UUID.randomUUID() + "/seen", sam.token(), "").status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/notifications/unread-count", sam.token()).json().get("unread").asLong())
                .isEqualTo(1);
    }

    @Test
    void refusesWithoutAValidToken() {
        for (String path : List.of("/api/v1/notifications", "/api/v1/notifications/unread-count",
                "/api/v1/notifications/stream", "/api/v1/messages/" + UUID.randomUUID() + "/attempts")) {
            Http.Response response = http().get(path, null);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.isProblem()).as(path).isTrue();
        }
        assertThat(http().get("/api/v1/notifications", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").status()).isEqualTo(401);
    }

    @Test
    void refusesABadLimitOrIdNamingTheField() {
        for (String limit : List.of("0", "201", "many")) {
            Http.Response response = http().get("/api/v1/notifications?limit=" + limit, sam.token());
            assertThat(response.status()).as(limit).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.json().get("detail").asString()).contains("limit");
        }
        Http.Response badId = http().post("/api/v1/notifications/not-a-uuid/seen", sam.token(), "");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("detail").asString()).contains("id");
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndLaterMessagesStillFlow() {
        String poisonId = UUID.randomUUID().toString();
        TopicWriter.publishRaw(kafka(), Topics.MESSAGES, UUID.randomUUID().toString(), Map.of("ce_id", poisonId,
                "ce_type", MessageSent.TYPE, "ce_source", "/test", "ce_specversion", "1.0",
                "content-type", "application/json"), "{not json".getBytes());
        EventEnvelope.Outgoing later = publishMessage(dana, sam);

        TopicReader.Seen deadLetter = TopicReader.await(kafka(), Topics.deadLetter("delivery-service"),
                record -> poisonId.equals(record.headers().get("ce_id")), Duration.ofSeconds(30));
        assertThat(deadLetter.headers().get("x-dead-letter-reason")).contains("not valid");
        assertThat(deadLetter.headers()).containsEntry("x-dead-letter-group", "delivery-service");
        assertThat(awaitFeed(sam, 1).get(0).get("messageId").asString()).isEqualTo(later.key());
    }

    @Test
    void aMessageTheHandlerCannotStoreIsDeadLetteredWithoutHoldingUpTheRestOfTheBatch() {
        UUID messageId = UUID.randomUUID();
        MessageSent noSender = new MessageSent(messageId, practice.id, messageId, null, sealed(messageId, List.of()),
                "0".repeat(64), Instant.now(), List.of(new MessageSent.Recipient(sam.id(), sam.kind(), sam.name(), null)), 0);
        EventEnvelope.Outgoing broken = EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging",
                messageId.toString(), MessageSent.TYPE, noSender);
        EventEnvelope.Outgoing fine = messageSent(UUID.randomUUID(), dana, sam);
        TopicWriter.publish(kafka(), broken, fine);

        TopicReader.await(kafka(), Topics.deadLetter("delivery-service"),
                record -> broken.id().toString().equals(record.headers().get("ce_id")), Duration.ofSeconds(30));
        assertThat(awaitFeed(sam, 1).get(0).get("messageId").asString()).isEqualTo(fine.key());
        assertThat(count("delivery_attempt where message_id = ?", messageId)).isZero();
    }

    private JsonNode awaitFeed(Person person, int size) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> http().get("/api/v1/notifications", person.token()).json(), feed -> feed.size() >= size);
    }

    private long count(String fromWhere, Object... args) {
        return jdbc.queryForObject("select count(*) from " + fromWhere, Long.class, args);
    }
}
