package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebPushIT extends DeliveryIntegrationTest {

    @Value("${carerelay.push.vapid.public-key}")
    String vapidPublicKey;

    @Test
    void everyLiveSubscriptionGetsAnEncryptedPhiFreeNoticeSignedWithVapid() throws Exception {
        Practice practice = newPractice("Riverbend Family Practice");
        Person dana = practice.staff("Dana", "Reyes", false);
        PushSubscriber phone = new PushSubscriber();
        PushSubscriber laptop = new PushSubscriber();
        Person casey = practice.pushClient(UUID.randomUUID(), "Casey", "Lin", true,
                List.of(phone.subscription(), laptop.subscription()), 1);

        EventEnvelope.Outgoing sent = publishMessage(dana, casey);

        HttpReceiver.Request push = await().atMost(Duration.ofSeconds(30))
                .until(() -> HttpReceiver.get().requests(phone.path), requests -> !requests.isEmpty()).getFirst();
        String text = phone.decrypt(push.body());
        JsonNode notice = JsonMapper.builder().build().readTree(text);
        assertThat(notice.get("body").asString()).isEqualTo("You have a new secure message");
        assertThat(notice.get("url").asString()).endsWith("/portal/messages/" + sent.key());
        assertThat(text).doesNotContain(SUBJECT).doesNotContain(BODY).doesNotContain("sertraline");
        assertThat(push.header("Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(Long.parseLong(push.header("TTL"))).isPositive();

        JsonNode claims = PushSubscriber.verifiedVapidClaims(push.header("Authorization"), vapidPublicKey);
        assertThat(claims.get("aud").asString()).isEqualTo(HttpReceiver.get().url(""));
        assertThat(claims.get("exp").asLong()).isBetween(Instant.now().getEpochSecond(),
                Instant.now().plus(Duration.ofHours(24)).getEpochSecond());
        assertThat(claims.get("sub").asString()).startsWith("mailto:");

        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(sent, casey.id(), Channel.push).get("status")));
        assertThat(statuses(sent.key(), Channel.push).get(casey.id())).containsExactly("queued", "sent");
        assertThat(HttpReceiver.get().requests(laptop.path)).as("one accepted subscription is enough").isEmpty();
    }

    @Test
    void aSubscriptionThePushServiceCallsGoneIsDroppedUntilTheDirectoryListsItAgain() throws Exception {
        Practice practice = newPractice("Cedar Clinic");
        Person dana = practice.staff("Dana", "Reyes", false);
        PushSubscriber stale = new PushSubscriber();
        PushSubscriber current = new PushSubscriber();
        HttpReceiver.get().answer(stale.path, request -> 410);
        UUID caseyId = UUID.randomUUID();
        Person casey = practice.pushClient(caseyId, "Casey", "Lin", true,
                List.of(stale.subscription(), current.subscription()), 1);

        EventEnvelope.Outgoing first = publishMessage(dana, casey);
        await().atMost(Duration.ofSeconds(30)).until(() -> HttpReceiver.get().requests(current.path).size() == 1);
        assertThat(current.decrypt(HttpReceiver.get().requests(current.path).getFirst().body()))
                .contains("You have a new secure message").doesNotContain("Cedar Clinic");
        assertThat(HttpReceiver.get().requests(stale.path)).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(first, caseyId, Channel.push).get("status")));
        assertThat(jdbc.queryForObject("select gone_status from push_subscription where endpoint = ?", Integer.class,
                stale.subscription().endpoint())).isEqualTo(410);

        EventEnvelope.Outgoing second = publishMessage(dana, casey);
        await().atMost(Duration.ofSeconds(30)).until(() -> HttpReceiver.get().requests(current.path).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(second, caseyId, Channel.push).get("status")));
        assertThat(HttpReceiver.get().requests(stale.path)).as("gone: not pushed to again").hasSize(1);

        HttpReceiver.get().answer(stale.path, request -> 201);
        HttpReceiver.get().answer(current.path, request -> 404);
        practice.pushClient(caseyId, "Casey", "Lin", true, List.of(stale.subscription(), current.subscription()), 2);
        EventEnvelope.Outgoing third = publishMessage(dana, casey);
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(third, caseyId, Channel.push).get("status")));
        assertThat(HttpReceiver.get().requests(stale.path)).as("the directory's newer version wins").hasSize(2);
    }

    @Test
    void aClientWhoseEverySubscriptionIsGoneGetsAFailedPushAndNoMoreAttempts() {
        Practice practice = newPractice("Maple Counseling");
        Person dana = practice.staff("Dana", "Reyes", false);
        PushSubscriber only = new PushSubscriber();
        HttpReceiver.get().answer(only.path, request -> 404);
        Person casey = practice.pushClient(UUID.randomUUID(), "Casey", "Lin", true, List.of(only.subscription()), 1);

        EventEnvelope.Outgoing first = publishMessage(dana, casey);
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(attempt(first, casey.id(), Channel.push).get("status")));
        assertThat(attempt(first, casey.id(), Channel.push).get("reason")).isEqualTo("push subscription gone (404)");

        EventEnvelope.Outgoing second = publishMessage(dana, casey);
        awaitHandled(second);
        assertThat(attempt(second, casey.id(), Channel.push).get("status")).isEqualTo("none");
        assertThat(HttpReceiver.get().requests(only.path)).hasSize(1);
    }

    @Test
    void aClientWhoTurnedPushOffGetsNone() {
        Practice practice = newPractice("Quiet Practice");
        Person dana = practice.staff("Dana", "Reyes", false);
        PushSubscriber subscriber = new PushSubscriber();
        Person casey = practice.pushClient(UUID.randomUUID(), "Casey", "Lin", false, List.of(subscriber.subscription()), 1);

        EventEnvelope.Outgoing sent = publishMessage(dana, casey);
        awaitHandled(sent);

        assertThat(attempt(sent, casey.id(), Channel.push).get("status")).isEqualTo("none");
        assertThat(attempt(sent, casey.id(), Channel.in_app).get("status")).isEqualTo("delivered");
        assertThat(HttpReceiver.get().requests(subscriber.path)).isEmpty();
    }
}
