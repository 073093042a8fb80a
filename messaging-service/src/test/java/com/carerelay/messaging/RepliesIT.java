package com.carerelay.messaging;

import static com.carerelay.events.DirectoryChanged.PortalStatus.active;
import static com.carerelay.events.DirectoryChanged.PortalStatus.invited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.testing.Http;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Replies and client-started messages take the same path as a new send: the same permission, switch,
 * credential and directory checks; a reply reaches only whom it answers; its text is never a template.
 */
class RepliesIT extends MessagingIntegrationTest {

    static final String[] CLINICIAN = {"message:send", "message:send-client", "message:send-direct"};

    Practice practice;
    UUID dana;
    String danaToken;
    UUID sam;
    UUID jordan;
    UUID riley;

    @BeforeEach
    void givenDanaSamAndTwoPortalClients() {
        practice = newPractice();
        dana = practice.directSender("Dana", "Reyes", true, CLINICIAN);
        danaToken = practice.token(dana, CLINICIAN);
        sam = practice.staff("Sam", "Okafor", true, "message:send");
        jordan = practice.client("Jordan", "Avery", "Jo", active);
        riley = practice.client("Riley", "Chen", null, invited);
    }

    @Test
    void aReplyToAClientNeedsTheSendClientPermissionLikeANewSend() {
        String messageId = send(danaToken, "Appointment", "See you soon.", "clientIds", jordan).json().get("id").asString();
        http().post("/api/v1/messages/" + messageId + "/replies", practice.clientToken(jordan), "{\"body\":\"Thanks\"}");

        Http.Response withoutPermission = reply(practice.token(dana, "message:send"), messageId, "{\"body\":\"More\"}");

        assertThat(withoutPermission.status()).as(withoutPermission.toString()).isEqualTo(403);
        assertThat(withoutPermission.json().get("detail").asString()).contains("message:send-client");
    }

    @Test
    void aClientCannotReplyOnceThePracticeTurnsThePortalOff() {
        String messageId = send(danaToken, "Appointment", "See you soon.", "clientIds", jordan).json().get("id").asString();

        practice.publish(DirectoryChanged.ofPractice(practice.id, 2, new DirectoryChanged.Practice("Sunrise Behavioral Health",
                "no-reply@sunrise.example", false, true)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !jdbc.queryForObject(
                "select portal_messaging_enabled from practice where id = ?", Boolean.class, practice.id));
        Http.Response refused = reply(practice.clientToken(jordan), messageId, "{\"body\":\"Hello\"}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("portal messaging is turned off");
    }

    @Test
    void aStaffAnswerToOneClientNeverReachesTheOtherClientsOfTheOriginalMessage() {
        String original = send(danaToken, "Group session", "Thursday at 5.", "clientIds", jordan, riley)
                .json().get("id").asString();
        Http.Response unpicked = reply(danaToken, original, "{\"body\":\"To whom?\"}");
        assertThat(unpicked.status()).as("several clients: the sender must pick").isEqualTo(400);
        assertThat(unpicked.json().get("errors").get(0).get("field").asString()).isEqualTo("recipientIds");

        String jordansReply = reply(practice.clientToken(jordan), original, "{\"body\":\"Can I bring my notes?\"}")
                .json().get("id").asString();
        Http.Response answer = reply(danaToken, jordansReply, "{\"body\":\"Yes, please do.\"}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.json().get("recipients").findValuesAsString("id")).containsExactly(jordan.toString());
        assertThat(http().get("/api/v1/inbox", practice.clientToken(riley)).json().findValuesAsString("messageId"))
                .containsExactly(original);
        Http.Response picked = reply(danaToken, original, "{\"body\":\"Just you\",\"recipientIds\":[\"" + riley + "\"]}");
        assertThat(picked.json().get("recipients").findValuesAsString("id")).containsExactly(riley.toString());
        Http.Response outsider = reply(danaToken, original, "{\"body\":\"x\",\"recipientIds\":[\"" + sam + "\"]}");
        assertThat(outsider.status()).isEqualTo(400);
        assertThat(outsider.json().get("errors").get(0).get("field").asString()).isEqualTo("recipientIds[0]");
    }

    @Test
    void aReplyIsReToTheSubjectTheReplierSawAndItsTextIsNeverATemplate() {
        String templateId = http().post("/api/v1/templates", danaToken, """
                {"name":"Reminder %s","subject":"Reminder for {{preferredName}}","body":"Hi {{firstName}}"}"""
                .formatted(UUID.randomUUID())).json().get("id").asString();
        String original = http().post("/api/v1/messages", danaToken, """
                {"templateId":"%s","recipients":{"clientIds":["%s","%s"]}}""".formatted(templateId, jordan, riley))
                .json().get("id").asString();

        Http.Response fromJordan = reply(practice.clientToken(jordan), original, "{\"body\":\"I am {{firstName}}\"}");
        assertThat(fromJordan.status()).as(fromJordan.toString()).isEqualTo(201);
        assertThat(fromJordan.json().get("subject").asString()).isEqualTo("Re: Reminder for Jo");
        assertThat(fromJordan.json().get("body").asString()).isEqualTo("I am {{firstName}}");

        Http.Response toRiley = reply(danaToken, original, "{\"body\":\"Hi {{firstName}}\",\"recipientIds\":[\"" + riley + "\"]}");
        assertThat(toRiley.json().get("subject").asString()).isEqualTo("Re: Reminder for Riley");
        assertThat(http().get("/api/v1/messages/" + toRiley.json().get("id").asString(), practice.clientToken(riley))
                .json().get("body").asString()).isEqualTo("Hi {{firstName}}");
    }

    @Test
    void aSendThatResolvesToNoOneIsA400NamingRecipients() {
        UUID onlyDana = practice.group("Just me", dana);
        long before = count();
        Http.Response refused = send(danaToken, "Hi", "Body", "groupIds", onlyDana);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("recipients");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void staffDeactivatedInTheDirectoryAndClientsWhosePortalAccessWasRevokedAreRefusedAtOnce() {
        String messageId = send(danaToken, "Appointment", "See you soon.", "clientIds", jordan).json().get("id").asString();
        String samToken = practice.token(sam, "message:send");
        assertThat(send(samToken, "Hi", "Body", "staffIds", dana).status()).isEqualTo(201);

        practice.publish(DirectoryChanged.ofStaff(sam, practice.id, 2, new DirectoryChanged.Staff("Sam", "Okafor",
                "sam@example.test", false, List.of("message:send"), false)));
        practice.publish(DirectoryChanged.ofClient(jordan, practice.id, 2, new DirectoryChanged.Client("Jordan", "Avery",
                "Jo", "jordan@client.example", DirectoryChanged.PortalStatus.revoked, true, false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from directory_entry where (id = ? and not active) or (id = ? and portal_status = 'revoked')",
                Long.class, sam, jordan) == 2);

        Http.Response inactive = send(samToken, "Hi", "Body", "staffIds", dana);
        assertThat(inactive.status()).as("the token is still valid, the directory says inactive").isEqualTo(403);
        assertThat(inactive.json().get("detail").asString()).contains("not active");
        Http.Response revoked = reply(practice.clientToken(jordan), messageId, "{\"body\":\"Thanks\"}");
        assertThat(revoked.status()).isEqualTo(403);
        assertThat(revoked.json().get("detail").asString()).contains("portal access is not active");
    }

    @Test
    void aClientStartsAMessageToTheirCareTeamOnly() {
        String jordanToken = practice.clientToken(jordan);
        Http.Response nobodyYet = http().post("/api/v1/messages", jordanToken, """
                {"subject":"Question","body":"Hello","recipients":{"careTeam":true}}""");
        assertThat(nobodyYet.status()).as(nobodyYet.toString()).isEqualTo(400);
        assertThat(nobodyYet.json().get("errors").get(0).get("field").asString()).isEqualTo("recipients.careTeam");

        send(danaToken, "Welcome", "Glad to have you.", "clientIds", jordan);
        Http.Response toCareTeam = http().post("/api/v1/messages", jordanToken, """
                {"subject":"Question","body":"Can we move Thursday?","recipients":{"careTeam":true}}""");
        assertThat(toCareTeam.status()).as(toCareTeam.toString()).isEqualTo(201);
        assertThat(toCareTeam.json().get("recipients").findValuesAsString("id")).containsExactly(dana.toString());
        assertThat(http().get("/api/v1/inbox", danaToken).json().findValuesAsString("messageId"))
                .contains(toCareTeam.json().get("id").asString());

        Http.Response stranger = http().post("/api/v1/messages", jordanToken, """
                {"subject":"Q","body":"Hi","recipients":{"staffIds":["%s"]}}""".formatted(sam));
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.json().get("errors").get(0).get("field").asString()).isEqualTo("recipients.staffIds[0]");
        Http.Response toAClient = http().post("/api/v1/messages", jordanToken, """
                {"subject":"Q","body":"Hi","recipients":{"clientIds":["%s"]}}""".formatted(riley));
        assertThat(toAClient.status()).isEqualTo(403);
    }

    private Http.Response send(String token, String subject, String body, String kind, UUID... ids) {
        StringBuilder list = new StringBuilder();
        for (UUID id : ids) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(id).append('"');
        }
        return http().post("/api/v1/messages", token, """
                {"subject":"%s","body":"%s","recipients":{"%s":[%s]}}""".formatted(subject, body, kind, list));
    }

    private Http.Response reply(String token, Object messageId, String json) {
        return http().post("/api/v1/messages/" + messageId + "/replies", token, json);
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from message", Long.class);
    }
}
