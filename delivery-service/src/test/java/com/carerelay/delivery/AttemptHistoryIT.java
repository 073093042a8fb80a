package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AttemptHistoryIT extends DeliveryIntegrationTest {

    Practice practice;
    Person dana;
    Person sam;
    Person casey;

    @BeforeEach
    void givenAPractice() {
        practice = newPractice("Harbor Behavioral Health");
        dana = practice.staff("Dana", "Reyes", false);
        sam = practice.staff("Sam", "Okafor", false);
        casey = practice.client("Casey", "Lin", true);
    }

    @Test
    void theSenderSeesEachRecipientsAttemptsPerChannelWithTheirTimeline() {
        EventEnvelope.Outgoing sent = publishMessage(dana, sam, casey);
        String path = "/api/v1/messages/" + sent.key() + "/attempts";

        JsonNode history = await().atMost(Duration.ofSeconds(30)).until(() -> http().get(path, dana.token()),
                response -> response.status() == 200 && allSettled(response.json())).json();

        assertThat(history.get("messageId").asString()).isEqualTo(sent.key());
        JsonNode recipients = history.get("recipients");
        assertThat(recipients).hasSize(2);
        JsonNode caseys = recipient(recipients, casey.id());
        assertThat(caseys.get("kind").asString()).isEqualTo("client");
        assertThat(caseys.get("name").asString()).isEqualTo("Casey Lin");
        assertThat(channels(caseys)).containsExactly("email:sent", "in_app:delivered");
        JsonNode email = caseys.get("channels").get(0);
        assertThat(email.get("tries").asInt()).isEqualTo(1);
        assertThat(email.get("timeline")).extracting(change -> change.get("status").asString())
                .containsExactly("queued", "sent");
        assertThat(channels(recipient(recipients, sam.id()))).containsExactly("in_app:delivered");
        assertThat(history.toString()).doesNotContain(SUBJECT).doesNotContain(BODY);
    }

    @Test
    void nobodyButTheSenderSeesTheAttempts() {
        EventEnvelope.Outgoing sent = publishMessage(dana, sam);
        String path = "/api/v1/messages/" + sent.key() + "/attempts";
        await().atMost(Duration.ofSeconds(30)).until(() -> http().get(path, dana.token()).status() == 200);

        Practice other = newPractice("Elsewhere Clinic");
        for (String token : List.of(sam.token(), casey.token(), TestTokens.staff(dana.id(), other.id))) {
            Http.Response response = http().get(path, token);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(http().get("/api/v1/messages/" + UUID.randomUUID() + "/attempts", dana.token()).status())
                .isEqualTo(404);
    }

    @Test
    void aDirectContactOfAPracticeWithoutDirectFailsWithTheReason() {
        Person contact = new Person(UUID.randomUUID(), practice.id, PrincipalKind.direct_contact, "Dr. Ames", null);
        EventEnvelope.Outgoing sent = publishMessage(dana, contact);

        JsonNode history = await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get("/api/v1/messages/" + sent.key() + "/attempts", dana.token()),
                        response -> response.status() == 200).json();
        JsonNode attempt = history.get("recipients").get(0).get("channels").get(0);
        assertThat(attempt.get("channel").asString()).isEqualTo("direct");
        assertThat(attempt.get("status").asString()).isEqualTo("failed");
        assertThat(attempt.get("reason").asString()).isEqualTo("DIRECT messaging is not enabled for this practice");
    }

    private static boolean allSettled(JsonNode history) {
        for (JsonNode recipient : history.get("recipients")) {
            for (JsonNode channel : recipient.get("channels")) {
                if (channel.get("status").asString().equals("queued")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static JsonNode recipient(JsonNode recipients, UUID id) {
        for (JsonNode recipient : recipients) {
            if (recipient.get("id").asString().equals(id.toString())) {
                return recipient;
            }
        }
        throw new AssertionError("no recipient " + id + " in " + recipients);
    }

    private static List<String> channels(JsonNode recipient) {
        return recipient.get("channels").valueStream()
                .map(channel -> channel.get("channel").asString() + ":" + channel.get("status").asString()).toList();
    }
}
