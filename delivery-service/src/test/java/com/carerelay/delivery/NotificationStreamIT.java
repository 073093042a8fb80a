package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.EventEnvelope;
import com.carerelay.testing.Http;
import com.carerelay.testing.TopicWriter;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NotificationStreamIT extends DeliveryIntegrationTest {

    Practice practice;
    Person dana;
    Person sam;
    Person casey;

    @BeforeEach
    void givenAPracticeWhoseMessageConsumerIsRunning() {
        practice = newPractice("Lakeside Therapy");
        dana = practice.staff("Dana", "Reyes", false);
        sam = practice.staff("Sam", "Okafor", false);
        casey = practice.client("Casey", "Lin", false);
        awaitLiveStreamsFed(dana);
    }

    @Test
    void anOpenStreamReceivesANoticeWithinOneSecondOfTheEvent() throws Exception {
        try (SseClient stream = SseClient.open(http(), "/api/v1/notifications/stream", sam.token())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            SseClient.Event ready = stream.next(Duration.ofSeconds(5));
            assertThat(ready).isNotNull();
            assertThat(ready.name()).isEqualTo("ready");
            assertThat(Http.JSON.readTree(ready.data()).get("unread").asLong()).isZero();

            EventEnvelope.Outgoing event = messageSent(UUID.randomUUID(), dana, sam);
            TopicWriter.publish(kafka(), event);
            long published = System.nanoTime();
            SseClient.Event notice = stream.next(Duration.ofSeconds(1));
            long tookMillis = (System.nanoTime() - published) / 1_000_000;

            assertThat(notice).as("no notice within 1 s").isNotNull();
            assertThat(tookMillis).isLessThan(1000);
            assertThat(notice.name()).isEqualTo("notification");
            JsonNode data = Http.JSON.readTree(notice.data());
            assertThat(data.get("messageId").asString()).isEqualTo(event.key());
            assertThat(data.get("text").asString()).isEqualTo("New secure message from Dana Reyes");
            assertThat(notice.id()).isEqualTo(data.get("id").asString());
            assertThat(notice.data()).doesNotContain(SUBJECT).doesNotContain(BODY);
        }
    }

    @Test
    void aStreamCarriesOnlyTheCallersOwnNotices() throws Exception {
        try (SseClient caseys = SseClient.open(http(), "/api/v1/notifications/stream", casey.token());
             SseClient sams = SseClient.open(http(), "/api/v1/notifications/stream", sam.token())) {
            assertThat(caseys.next(Duration.ofSeconds(5)).name()).isEqualTo("ready");
            assertThat(sams.next(Duration.ofSeconds(5)).name()).isEqualTo("ready");

            EventEnvelope.Outgoing toSam = publishMessage(dana, sam);
            EventEnvelope.Outgoing toCasey = publishMessage(dana, casey);

            SseClient.Event caseysNotice = caseys.next(Duration.ofSeconds(10));
            assertThat(Http.JSON.readTree(caseysNotice.data()).get("messageId").asString()).isEqualTo(toCasey.key());
            SseClient.Event samsNotice = sams.next(Duration.ofSeconds(10));
            assertThat(Http.JSON.readTree(samsNotice.data()).get("messageId").asString()).isEqualTo(toSam.key());
            assertThat(caseys.next(Duration.ofMillis(500))).isNull();
            assertThat(sams.next(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void aRedeliveredEventIsNotStreamedTwice() throws Exception {
        try (SseClient stream = SseClient.open(http(), "/api/v1/notifications/stream", sam.token())) {
            assertThat(stream.next(Duration.ofSeconds(5)).name()).isEqualTo("ready");
            EventEnvelope.Outgoing sent = publishMessage(dana, sam);
            EventEnvelope.Outgoing replayed = messageSent(messageId(sent), dana, sam);
            TopicWriter.publish(kafka(), replayed);

            SseClient.Event notice = stream.next(Duration.ofSeconds(10));
            assertThat(Http.JSON.readTree(notice.data()).get("messageId").asString()).isEqualTo(sent.key());
            awaitHandled(replayed);
            assertThat(stream.next(Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void theStreamStartsWithTheUnreadCount() throws Exception {
        publishMessage(dana, sam);
        publishMessage(dana, sam);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http().get("/api/v1/notifications/unread-count", sam.token()).json().get("unread").asLong() == 2);
        try (SseClient stream = SseClient.open(http(), "/api/v1/notifications/stream", sam.token())) {
            SseClient.Event ready = stream.next(Duration.ofSeconds(5));
            assertThat(Http.JSON.readTree(ready.data()).get("unread").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aPrincipalMayHoldOnlyFiveStreamsOpenOnAnInstance() throws Exception {
        java.util.List<SseClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                open.add(SseClient.open(http(), "/api/v1/notifications/stream", sam.token()));
                assertThat(open.getLast().status()).isEqualTo(200);
            }
            try (SseClient sixth = SseClient.open(http(), "/api/v1/notifications/stream", sam.token())) {
                assertThat(sixth.status()).isEqualTo(429);
                assertThat(sixth.contentType()).startsWith("application/problem+json");
            }
            try (SseClient someoneElse = SseClient.open(http(), "/api/v1/notifications/stream", dana.token())) {
                assertThat(someoneElse.status()).as("the cap is per principal").isEqualTo(200);
            }
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void aStreamEndsWhenTheTokenItWasOpenedWithExpires() throws Exception {
        String shortLived = com.carerelay.testing.TestTokens.expiringStaff(sam.id(), practice.id, Duration.ofSeconds(3));
        try (SseClient stream = SseClient.open(http(), "/api/v1/notifications/stream", shortLived)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next(Duration.ofSeconds(5)).name()).isEqualTo("ready");
            assertThat(stream.endsWithin(Duration.ofSeconds(15))).as("closed once the token expired").isTrue();
        }
    }

    @Test
    void aClientsStreamEndsOnceTheirPortalAccessIsRevoked() throws Exception {
        try (SseClient stream = SseClient.open(http(), "/api/v1/notifications/stream", casey.token())) {
            assertThat(stream.next(Duration.ofSeconds(5)).name()).isEqualTo("ready");
            publishDirectory(com.carerelay.events.DirectoryChanged.ofClient(casey.id(), practice.id, 2,
                    new com.carerelay.events.DirectoryChanged.Client("Casey", "Lin", null, casey.email(),
                            com.carerelay.events.DirectoryChanged.PortalStatus.revoked, false, false)));
            assertThat(stream.endsWithin(Duration.ofSeconds(30))).as("closed within the revocation check").isTrue();
        }
    }
}
