package com.carerelay.messaging;

import static com.carerelay.messaging.attachment.SampleFiles.executable;
import static com.carerelay.events.DirectoryChanged.PortalStatus.active;
import static com.carerelay.events.DirectoryChanged.PortalStatus.invited;
import static com.carerelay.events.DirectoryChanged.PortalStatus.not_invited;
import static com.carerelay.events.DirectoryChanged.PortalStatus.revoked;
import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.events.ContentSeal;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageRead;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Samples;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Compose and send to every recipient kind, with the rules, privacy, templates, attachments and idempotency. */
@TestPropertySource(properties = "carerelay.messages.rate-limit.sends-per-minute=25")
class ComposeIT extends MessagingIntegrationTest {

    static final String[] CLINICIAN = {"message:send", "message:send-client", "message:send-direct"};

    Practice practice;
    UUID dana;
    String danaToken;
    UUID sam;
    UUID pat;
    UUID careTeam;
    UUID jordan;
    UUID riley;
    UUID cardiology;

    @BeforeEach
    void givenAPracticeWithEveryKindOfRecipient() {
        practice = newPractice();
        dana = practice.directSender("Dana", "Reyes", true, CLINICIAN);
        danaToken = practice.token(dana, CLINICIAN);
        sam = practice.staff("Sam", "Okafor", true);
        pat = practice.staff("Pat", "Rivera", true);
        UUID gone = practice.staff("Lee", "Former", false);
        careTeam = practice.group("Care Team", dana, sam, pat, gone);
        jordan = practice.client("Jordan", "Avery", "Jo", active);
        riley = practice.client("Riley", "Chen", null, invited);
        cardiology = practice.directContact("Dr. Ana Ruiz", "ana.ruiz@direct.valleycardio.example");
    }

    @Test
    void aMessageToAGroupTwoClientsAndADirectContactCreatesTheRightCopies() {
        Http.Response sent = send(danaToken, """
                {"subject":"Care plan","body":"Updated plan attached.","recipients":{"groupIds":["%s"],
                 "clientIds":["%s","%s"],"directContactIds":["%s"],"staffIds":["%s"]}}"""
                .formatted(careTeam, jordan, riley, cardiology, sam));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        Map<String, JsonNode> recipients = byName(sent.json().get("recipients"));
        assertThat(recipients.keySet()).as("the group's active members but not the sender")
                .containsExactlyInAnyOrder("Sam Okafor", "Pat Rivera", "Jordan Avery", "Riley Chen", "Dr. Ana Ruiz");
        assertThat(recipients.get("Pat Rivera").get("viaGroupId").asString()).isEqualTo(careTeam.toString());
        assertThat(recipients.get("Sam Okafor").has("viaGroupId")).as("listed directly wins over the group").isFalse();

        String messageId = sent.json().get("id").asString();
        MessageSent event = TopicReader.await(kafka(), Topics.MESSAGES, record -> messageId.equals(record.key()),
                Duration.ofSeconds(30)).event().payload(MessageSent.class);
        assertThat(event.recipients()).extracting(MessageSent.Recipient::kind).containsExactlyInAnyOrder(
                PrincipalKind.staff, PrincipalKind.staff, PrincipalKind.client, PrincipalKind.client,
                PrincipalKind.direct_contact);
        assertThat(event.recipients()).filteredOn(r -> r.kind() == PrincipalKind.direct_contact)
                .extracting(MessageSent.Recipient::address).containsExactly("ana.ruiz@direct.valleycardio.example");
    }

    @Test
    void neitherClientSeesTheOther() {
        String messageId = send(danaToken, """
                {"subject":"Group session","body":"See you Monday.","recipients":{"clientIds":["%s","%s"]}}"""
                .formatted(jordan, riley)).json().get("id").asString();

        for (UUID client : List.of(jordan, riley)) {
            JsonNode seen = http().get("/api/v1/messages/" + messageId, practice.clientToken(client)).json();
            assertThat(seen.get("recipients").findValuesAsString("id")).containsExactly(client.toString());
            assertThat(seen.toString()).doesNotContain(client.equals(jordan) ? "Riley" : "Jordan");
            assertThat(seen.get("sender").get("name").asString()).isEqualTo("Dana Reyes");
            JsonNode thread = http().get("/api/v1/threads/" + messageId, practice.clientToken(client)).json();
            assertThat(thread.toString()).doesNotContain(client.equals(jordan) ? "Riley" : "Jordan");
        }
        JsonNode staffView = http().get("/api/v1/messages/" + messageId, danaToken).json();
        assertThat(staffView.get("recipients")).hasSize(2);
    }

    @Test
    void anIdempotentRetryCreatesNothingNew() {
        String request = """
                {"subject":"Lab results","body":"Please call us.","recipients":{"staffIds":["%s"]}}""".formatted(sam);
        long before = count("message");

        Http.Response first = http().post("/api/v1/messages", danaToken, request, "retry-123");
        Http.Response retry = http().post("/api/v1/messages", danaToken, request, "retry-123");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(count("message")).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("select count(*) from outbox_event o where o.event_key = ?", Long.class,
                first.json().get("id").asString())).isLessThanOrEqualTo(1);

        Http.Response different = http().post("/api/v1/messages", danaToken, request.replace("call", "email"), "retry-123");
        assertThat(different.status()).isEqualTo(422);
        assertThat(count("message")).isEqualTo(before + 1);
    }

    @Test
    void aTemplateRendersPerRecipientAsPlainTextAndAMissingVariableSendsNothing() {
        Http.Response template = http().post("/api/v1/templates", danaToken, """
                {"name":"Reminder %s","subject":"Reminder for {{preferredName}}",
                 "body":"Hi {{firstName}}, your visit at {{practiceName}} is {{when}}. {{senderName}}"}"""
                .formatted(UUID.randomUUID()));
        assertThat(template.status()).as(template.toString()).isEqualTo(201);
        String templateId = template.json().get("id").asString();
        long before = count("message");

        Http.Response missing = send(danaToken, """
                {"templateId":"%s","recipients":{"clientIds":["%s","%s"]}}""".formatted(templateId, jordan, riley));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("when");
        assertThat(count("message")).isEqualTo(before);

        Http.Response sent = send(danaToken, """
                {"templateId":"%s","variables":{"when":"<b>Tuesday</b>"},"recipients":{"clientIds":["%s","%s"]}}"""
                .formatted(templateId, jordan, riley));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        String messageId = sent.json().get("id").asString();

        JsonNode jordanCopy = http().get("/api/v1/messages/" + messageId, practice.clientToken(jordan)).json();
        assertThat(jordanCopy.get("subject").asString()).isEqualTo("Reminder for Jo");
        assertThat(jordanCopy.get("body").asString()).isEqualTo(
                "Hi Jordan, your visit at Sunrise Behavioral Health is <b>Tuesday</b>. Dana Reyes");
        JsonNode rileyCopy = http().get("/api/v1/messages/" + messageId, practice.clientToken(riley)).json();
        assertThat(rileyCopy.get("subject").asString()).isEqualTo("Reminder for Riley");

        Http.Response preview = http().post("/api/v1/templates/" + templateId + "/preview", danaToken, """
                {"recipientId":"%s","variables":{"when":"today"}}""".formatted(jordan));
        assertThat(preview.json().get("body").asString()).startsWith("Hi Jordan, your visit");
    }

    @Test
    void theTopicCarriesTheContentSealedSoAReaderWithoutTheKeySeesNoSubjectBodyOrFileName() {
        String attachmentId = upload(danaToken, "intake-notes-sertraline.pdf", "application/pdf", pdf()).json()
                .get("id").asString();
        Http.Response sent = send(danaToken, """
                {"subject":"Intake for {{firstName}}","body":"Sertraline 50mg from Monday, {{firstName}}.",
                 "recipients":{"clientIds":["%s","%s"]},"attachmentIds":["%s"]}""".formatted(jordan, riley, attachmentId));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        String messageId = sent.json().get("id").asString();

        TopicReader.Seen onTheTopic = TopicReader.await(kafka(), Topics.MESSAGES, record -> messageId.equals(record.key()),
                Duration.ofSeconds(30));
        assertThat(new String(onTheTopic.value(), StandardCharsets.UTF_8))
                .doesNotContain("Intake", "Sertraline", "intake-notes", "subject", "body");

        MessageSent event = onTheTopic.event().payload(MessageSent.class);
        assertThat(event.contentSha256()).hasSize(64);
        assertThat(event.attachmentCount()).isEqualTo(1);
        ContentSeal deliveryOpens = Samples.contentSeal();
        MessageContent common = deliveryOpens.open(event);
        assertThat(common.attachments()).extracting(MessageContent.Attachment::fileName)
                .containsExactly("intake-notes-sertraline.pdf");
        Map<UUID, MessageContent.Rendering> renderings = deliveryOpens.openRenderings(event);
        Map<UUID, String> bodies = event.recipients().stream().collect(Collectors.toMap(MessageSent.Recipient::recipientId,
                recipient -> common.renderedAs(renderings.get(recipient.recipientId())).body()));
        assertThat(bodies).containsEntry(jordan, "Sertraline 50mg from Monday, Jordan.")
                .containsEntry(riley, "Sertraline 50mg from Monday, Riley.");
    }

    @Test
    void freeTextVariablesAreFilledToo() {
        Http.Response sent = send(danaToken, """
                {"subject":"Hello {{firstName}}","body":"Dear {{preferredName}}","recipients":{"clientIds":["%s"]}}"""
                .formatted(jordan));
        assertThat(sent.status()).isEqualTo(201);
        JsonNode copy = http().get("/api/v1/messages/" + sent.json().get("id").asString(), practice.clientToken(jordan)).json();
        assertThat(copy.get("body").asString()).isEqualTo("Dear Jo");
    }

    @Test
    void clientMessagingNeedsThePermissionThePortalSwitchAndAnInvitation() {
        String noClientPermission = practice.token(dana, "message:send");
        assertThat(send(noClientPermission, toClients(jordan)).status()).isEqualTo(403);

        UUID casey = practice.client("Casey", "Brooks", null, not_invited);
        Http.Response notInvited = send(danaToken, toClients(jordan, casey));
        assertThat(notInvited.status()).isEqualTo(400);
        assertThat(notInvited.json().get("detail").asString())
                .contains("recipients.clientIds[1]").contains("Casey Brooks has not been invited");

        UUID morgan = practice.client("Morgan", "Gray", null, revoked);
        assertThat(send(danaToken, toClients(morgan)).json().get("detail").asString()).contains("revoked");

        Practice portalOff = newPractice(false, false);
        UUID kim = portalOff.staff("Kim", "Lo", true, CLINICIAN);
        UUID client = portalOff.client("Ali", "Ray", null, active);
        Http.Response switchedOff = send(portalOff.token(kim, CLINICIAN), toClients(client));
        assertThat(switchedOff.status()).isEqualTo(403);
        assertThat(switchedOff.json().get("detail").asString()).contains("portal messaging is turned off");
    }

    @Test
    void directNeedsValidCredentials() {
        UUID noCredentials = practice.directSender("Alex", "Kim", false, CLINICIAN);
        Http.Response refused = send(practice.token(noCredentials, CLINICIAN), """
                {"subject":"Referral","body":"Attached.","recipients":{"directAddresses":["ana.ruiz@direct.valleycardio.example"]}}""");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).startsWith("Your DIRECT address credentials are not valid");

        Http.Response unknownAddress = send(danaToken, """
                {"subject":"Referral","body":"Attached.","recipients":{"directAddresses":["nobody@direct.example"]}}""");
        assertThat(unknownAddress.status()).isEqualTo(400);
        assertThat(unknownAddress.json().get("detail").asString()).contains("recipients.directAddresses[0]");

        Http.Response byAddress = send(danaToken, """
                {"subject":"Referral","body":"Attached.","recipients":{"directAddresses":["ANA.RUIZ@direct.valleycardio.example"]}}""");
        assertThat(byAddress.status()).isEqualTo(201);
    }

    @Test
    void attachmentsAreCheckedByTheirBytesAndOnlyTheSenderAndRecipientsMayDownloadThem() {
        Http.Response exe = upload(danaToken, "invoice.pdf", "application/pdf", executable());
        assertThat(exe.status()).as(exe.toString()).isEqualTo(415);
        assertThat(exe.isProblem()).isTrue();

        Http.Response nulName = upload(danaToken, "a\u0000.pdf", "application/pdf", pdf());
        assertThat(nulName.status()).isEqualTo(400);
        assertThat(nulName.isProblem()).isTrue();

        Http.Response pdf = upload(danaToken, "../../etc/pass<wd>.pdf", "application/octet-stream", pdf());
        assertThat(pdf.status()).as(pdf.toString()).isEqualTo(201);
        assertThat(pdf.json().get("mediaType").asString()).isEqualTo("application/pdf");
        assertThat(pdf.json().get("fileName").asString()).isEqualTo("passwd.pdf");
        assertThat(http().get("/api/v1/attachments/" + pdf.json().get("id").asString(), danaToken).raw().headers()
                .firstValue("Content-Disposition")).hasValueSatisfying(value -> assertThat(value).contains("passwd.pdf"));
        String attachmentId = pdf.json().get("id").asString();

        String messageId = send(danaToken, """
                {"subject":"Forms","body":"Please sign.","recipients":{"clientIds":["%s"]},"attachmentIds":["%s"]}"""
                .formatted(jordan, attachmentId)).json().get("id").asString();

        assertThat(http().get("/api/v1/attachments/" + attachmentId, practice.clientToken(jordan)).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/attachments/" + attachmentId, practice.clientToken(riley)).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/messages/" + messageId, practice.clientToken(jordan)).json()
                .get("attachments").get(0).get("sha256").asString()).hasSize(64);

        Http.Response reused = send(danaToken, """
                {"subject":"Again","body":"Again.","recipients":{"clientIds":["%s"]},"attachmentIds":["%s"]}"""
                .formatted(riley, attachmentId));
        assertThat(reused.status()).isEqualTo(400);
    }

    @Test
    void aFileOneByteOverTheLimitGets413() {
        byte[] tooBig = new byte[25 * 1024 * 1024 + 1];
        Arrays.fill(tooBig, (byte) 'a');
        Http.Response response = upload(danaToken, "big.txt", "text/plain", tooBig);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void anotherPracticesIdsAnswer404Everywhere() {
        String attachmentId = upload(danaToken, "a.pdf", "application/pdf", pdf()).json().get("id").asString();
        String messageId = send(danaToken, """
                {"subject":"Hi","body":"Hello","recipients":{"staffIds":["%s"]},"attachmentIds":["%s"]}"""
                .formatted(sam, attachmentId)).json().get("id").asString();
        String outsider = TestTokens.staff(dana, newPractice().id, CLINICIAN);
        for (String path : List.of("/api/v1/messages/" + messageId, "/api/v1/messages/" + messageId + "/delivery",
                "/api/v1/threads/" + messageId, "/api/v1/attachments/" + attachmentId)) {
            Http.Response response = http().get(path, outsider);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.isProblem()).isTrue();
        }
        for (String path : List.of("/api/v1/messages/" + messageId + "/read", "/api/v1/messages/" + messageId + "/archive")) {
            assertThat(http().post(path, outsider, "").status()).as(path).isEqualTo(404);
        }
        assertThat(http().post("/api/v1/messages/" + messageId + "/replies", outsider, "{\"body\":\"x\"}").status())
                .isEqualTo(404);
    }

    @Test
    void aClientRepliesFromThePortalAndTheSenderSeesTheReadReceipt() {
        String messageId = send(danaToken, toClients(jordan)).json().get("id").asString();
        String jordanToken = practice.clientToken(jordan);

        assertThat(http().get("/api/v1/inbox/unread-count", jordanToken).json().get("unread").asLong()).isEqualTo(1);
        assertThat(http().post("/api/v1/messages/" + messageId + "/read", jordanToken, "").status()).isEqualTo(204);
        assertThat(http().get("/api/v1/inbox/unread-count", jordanToken).json().get("unread").asLong()).isZero();
        assertThat(http().get("/api/v1/messages/" + messageId + "/delivery", danaToken).json()
                .get("recipients").get(0).get("status").asString()).isEqualTo("read");
        TopicReader.Seen read = TopicReader.await(kafka(), Topics.MESSAGES, record -> messageId.equals(record.key())
                && MessageRead.TYPE.equals(record.headers().get("ce_type")), Duration.ofSeconds(30));
        assertThat(read.event().payload(MessageRead.class).reader().id()).isEqualTo(jordan);

        Http.Response reply = http().post("/api/v1/messages/" + messageId + "/replies", jordanToken,
                "{\"body\":\"Thanks, see you then.\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().get("threadId").asString()).isEqualTo(messageId);
        assertThat(reply.json().get("subject").asString()).isEqualTo("Re: Appointment");

        JsonNode danaInbox = http().get("/api/v1/inbox", danaToken).json();
        assertThat(danaInbox.findValuesAsString("messageId")).contains(reply.json().get("id").asString());
        assertThat(http().get("/api/v1/threads/" + messageId, danaToken).json()).hasSize(2);

        assertThat(http().post("/api/v1/messages/" + messageId + "/archive", jordanToken, "").status()).isEqualTo(204);
        assertThat(http().get("/api/v1/inbox", jordanToken).json().findValuesAsString("messageId")).doesNotContain(messageId);
    }

    @Test
    void clientsCannotStartAMessage() {
        assertThat(send(practice.clientToken(jordan), toClients(riley)).status()).isEqualTo(403);
    }

    @Test
    void aSenderOverTheRateLimitGets429WithRetryAfter() {
        Http.Response last = null;
        for (int i = 0; i < 26; i++) {
            last = send(danaToken, """
                    {"subject":"s","body":"b","recipients":{"staffIds":["%s"]}}""".formatted(sam));
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(last.isProblem()).isTrue();
    }

    private Http.Response send(String token, String json) {
        return http().post("/api/v1/messages", token, json);
    }

    private static String toClients(UUID... clients) {
        return "{\"subject\":\"Appointment\",\"body\":\"See you soon.\",\"recipients\":{\"clientIds\":["
                + Arrays.stream(clients).map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}}";
    }

    private Map<String, JsonNode> byName(JsonNode recipients) {
        return java.util.stream.StreamSupport.stream(recipients.spliterator(), false)
                .collect(Collectors.toMap(node -> node.get("name").asString(), node -> node));
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
