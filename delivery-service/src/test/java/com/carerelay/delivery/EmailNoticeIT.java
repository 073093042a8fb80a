package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicReader;
import com.carerelay.testing.TopicWriter;
import io.micrometer.core.instrument.Counter;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EmailNoticeIT extends DeliveryIntegrationTest {


    Practice practice;
    Person dana;
    Person sam;
    Person casey;
    Person quiet;

    @BeforeEach
    void givenAPracticeWhereSomeWantEmailNotices() {
        smtp().start();
        practice = newPractice("Riverbend Family Practice");
        dana = practice.staff("Dana", "Reyes", false);
        sam = practice.staff("Sam", "Okafor", true);
        casey = practice.client("Casey", "Lin", true);
        quiet = practice.client("Quinn", "Quiet", false);
    }

    @AfterEach
    void relayIsUpAgain() {
        smtp().start();
    }

    @Test
    void sendsAPhiFreeNoticeFromThePracticesAddressToThoseWhoAskedForIt() throws Exception {
        EventEnvelope.Outgoing sent = publishMessage(dana, sam, casey, quiet);

        MimeMessage toCasey = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(casey.email()),
                mail -> !mail.isEmpty()).getFirst();
        MimeMessage toSam = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(sam.email()),
                mail -> !mail.isEmpty()).getFirst();

        InternetAddress from = (InternetAddress) toCasey.getFrom()[0];
        assertThat(from.getAddress()).startsWith("notices@").endsWith(".example.test");
        assertThat(from.getPersonal()).as("no display name by default").isNull();
        assertThat(toCasey.getSubject()).isEqualTo("You have a new secure message");
        String text = ((String) toCasey.getContent()).strip();
        assertThat(text).startsWith("You have a new secure message.").contains("/portal/messages/" + sent.key());
        assertThat(((String) toSam.getContent())).contains("/messages/" + sent.key()).doesNotContain("/portal/");
        for (MimeMessage mail : List.of(toCasey, toSam)) {
            String whole = new String(mail.getInputStream().readAllBytes()) + mail.getSubject();
            assertThat(whole).doesNotContain(SUBJECT).doesNotContain(BODY).doesNotContain("sertraline")
                    .as("the practice's name discloses a treatment relationship").doesNotContain("Riverbend");
        }

        Map<UUID, List<String>> emailStatuses = await().atMost(Duration.ofSeconds(30)).until(
                () -> statuses(sent.key(), DeliveryStatusChanged.Channel.email),
                seen -> seen.getOrDefault(casey.id(), List.of()).contains("sent")
                        && seen.getOrDefault(sam.id(), List.of()).contains("sent"));
        assertThat(emailStatuses.get(casey.id())).containsExactly("queued", "sent");
        assertThat(emailStatuses.get(sam.id())).containsExactly("queued", "sent");
        assertThat(emailStatuses).doesNotContainKey(quiet.id());
        assertThat(mailTo(quiet.email())).isEmpty();
        assertThat(mailTo(dana.email())).isEmpty();
    }

    @Test
    void aPracticeThatSetItsOwnSubjectAndSenderNameGetsThemWhileOthersStayNeutral() throws Exception {
        UUID id = UUID.randomUUID();
        Practice harbor = publishPractice(id, 1, new DirectoryChanged.Practice("Harbor Behavioral Health",
                senderEmail(id), true, false, null, List.of(), List.of(), "A message from your care team", "Care Team"));
        Person jordan = harbor.client("Jordan", "Park", true);

        publishMessage(harbor.staff("Dana", "Reyes", false), jordan);
        publishMessage(dana, casey);

        MimeMessage toJordan = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(jordan.email()),
                mail -> !mail.isEmpty()).getFirst();
        assertThat(toJordan.getSubject()).isEqualTo("A message from your care team");
        assertThat(((InternetAddress) toJordan.getFrom()[0]).getPersonal()).isEqualTo("Care Team");
        assertThat(((String) toJordan.getContent()).strip()).startsWith("You have a new secure message from Care Team.");
        assertThat(new String(toJordan.getInputStream().readAllBytes()) + toJordan.getSubject())
                .doesNotContain("Harbor");
        MimeMessage toCasey = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(casey.email()),
                mail -> !mail.isEmpty()).getFirst();
        assertThat(toCasey.getSubject()).isEqualTo("You have a new secure message");
        assertThat(((InternetAddress) toCasey.getFrom()[0]).getPersonal()).isNull();
    }

    @Test
    void aRedeliveredMessageSendsNoSecondNotice() {
        EventEnvelope.Outgoing sent = publishMessage(dana, casey);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(casey.email()), mail -> mail.size() == 1);
        EventEnvelope.Outgoing replayed = messageSent(messageId(sent), dana, casey);
        TopicWriter.publish(kafka(), sent, replayed);
        awaitHandled(replayed);

        assertThat(jdbc.queryForObject("select count(*) from delivery_attempt where message_id = ? and channel = 'email'",
                Long.class, messageId(sent))).isEqualTo(1);
        assertThat(mailTo(casey.email())).hasSize(1);
    }

    @Test
    void noticesQueuedWhileTheRelayIsDownAreSentOnceWhenItIsBack() {
        double openedBefore = circuitOpenings();
        smtp().stop();
        EventEnvelope.Outgoing sent = publishMessage(dana, sam, casey);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                select count(*) from delivery_attempt where message_id = ? and channel = 'email' and tries >= 2
                    and status in ('queued', 'sending')""", Long.class, messageId(sent)) == 2);
        String reason = jdbc.queryForObject("""
                select e.reason from delivery_attempt_event e join delivery_attempt a on a.id = e.attempt_id
                where a.message_id = ? and a.recipient_id = ? and e.reason is not null order by e.id limit 1""",
                String.class, messageId(sent), casey.id());
        assertThat(reason).contains("SMTP relay unreachable").doesNotContain(casey.email());
        assertThat(http().get("/api/v1/notifications", sam.token()).json()).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> circuitOpenings() > openedBefore);

        smtp().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(casey.email()).size() == 1
                && mailTo(sam.email()).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from delivery_attempt where message_id = ? and channel = 'email' and status = 'sent'",
                Long.class, messageId(sent)) == 2);
        assertThat(mailTo(casey.email())).hasSize(1);
        assertThat(mailTo(sam.email())).hasSize(1);
        Map<UUID, List<String>> emailStatuses = statuses(sent.key(), DeliveryStatusChanged.Channel.email);
        assertThat(emailStatuses.get(casey.id())).containsExactly("queued", "sent");
    }

    @Test
    void aFailedNoticeIsRedrivenOnceTheAddressIsFixed() {
        Person typo = practice.client(UUID.randomUUID(), "Robin", "Typo", "robin@@example.test", true, 1);
        EventEnvelope.Outgoing sent = publishMessage(dana, typo);
        String history = "/api/v1/messages/" + sent.key() + "/attempts";
        await().atMost(Duration.ofSeconds(30)).until(() -> emailAttempt(history).get("status").asString().equals("failed"));
        assertThat(emailAttempt(history).get("reason").asString()).isEqualTo("invalid recipient address");

        String fixedAddress = "robin." + typo.id().toString().substring(0, 8) + "@example.test";
        practice.client(typo.id(), "Robin", "Typo", fixedAddress, true, 2);
        String redrive = "/api/v1/messages/" + sent.key() + "/attempts/redrive";
        Http.Response refused = http().post(redrive, dana.token(), "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("delivery:redrive");
        Practice other = newPractice("Elsewhere Clinic");
        assertThat(http().post(redrive, TestTokens.staff(dana.id(), other.id, "delivery:redrive"), "").status())
                .isEqualTo(404);

        Http.Response redriven = http().post(redrive, practice.staff("Ops", "Lead", false).token("delivery:redrive"), "");
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(200);
        assertThat(redriven.json().get("requeued").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(fixedAddress).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> emailAttempt(history).get("status").asString().equals("sent"));
        assertThat(statuses(sent.key(), DeliveryStatusChanged.Channel.email).get(typo.id()))
                .containsExactly("queued", "failed", "queued", "sent");
        assertThat(http().post(redrive, practice.staff("Ops", "Second", false).token("delivery:redrive"), "")
                .json().get("requeued").asInt()).as("nothing left to redrive").isZero();
        assertThat(mailTo(fixedAddress)).hasSize(1);
    }

    private JsonNode emailAttempt(String historyPath) {
        Http.Response response = http().get(historyPath, dana.token());
        if (response.status() != 200) {
            return Http.JSON.readTree("{\"status\":\"none\"}");
        }
        for (JsonNode channel : response.json().get("recipients").get(0).get("channels")) {
            if (channel.get("channel").asString().equals("email")) {
                return channel;
            }
        }
        return Http.JSON.readTree("{\"status\":\"none\"}");
    }

    private double circuitOpenings() {
        Counter opened = meters.find("carerelay.email.circuit.opened").counter();
        return opened == null ? 0 : opened.count();
    }
}
