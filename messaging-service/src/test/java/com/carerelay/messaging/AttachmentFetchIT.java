package com.carerelay.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.events.AttachmentFetchGrant;
import com.carerelay.testing.Http;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** delivery-service's download of a DIRECT message's attachments: a grant for exactly one attachment, no user token. */
class AttachmentFetchIT extends MessagingIntegrationTest {

    /** The development fetch key in messaging-service.yml, which delivery-service's default shares. */
    static final String FETCH_KEY = "Y2FyZXJlbGF5LWRldi1vbmx5LWF0dGFjaG1lbnQta3k=";
    static final String[] CLINICIAN = {"message:send", "message:send-client", "message:send-direct"};

    final AttachmentFetchGrant grants = new AttachmentFetchGrant(FETCH_KEY);
    Practice practice;
    UUID messageId;
    UUID attachmentId;

    @BeforeEach
    void givenAMessageToADirectContactWithAnAttachment() {
        practice = newPractice();
        UUID dana = practice.directSender("Dana", "Reyes", true, CLINICIAN);
        UUID contact = practice.directContact("Dr. Ana Ruiz", "ana.ruiz." + UUID.randomUUID() + "@direct.valley.example");
        String token = practice.token(dana, CLINICIAN);
        attachmentId = UUID.fromString(upload(token, "labs.pdf", "application/pdf", pdf()).json().get("id").asString());
        Http.Response sent = http().post("/api/v1/messages", token, """
                {"subject":"Referral","body":"Labs attached.","recipients":{"directContactIds":["%s"]},"attachmentIds":["%s"]}"""
                .formatted(contact, attachmentId));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        messageId = UUID.fromString(sent.json().get("id").asString());
    }

    @Test
    void deliveryServiceFetchesTheBytesWithAGrantForThatAttachment() {
        Http.Response fetched = fetch(attachmentId, grant(practice.id, messageId, attachmentId));

        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(new String(pdf(), StandardCharsets.US_ASCII));
        assertThat(fetched.raw().headers().firstValue("X-Content-SHA256")).hasValueSatisfying(sha -> assertThat(sha)
                .hasSize(64));
        assertThat(fetched.raw().headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void withoutAValidGrantForThisAttachmentTheAnswerIs401() {
        String otherAttachment = grant(practice.id, messageId, UUID.randomUUID());
        String tampered = grant(practice.id, messageId, attachmentId).replaceFirst("\\.[^.]+$", ".AAAA");
        String userToken = practice.token(UUID.randomUUID(), CLINICIAN);

        for (String presented : new String[] {null, "", tampered, otherAttachment, userToken}) {
            Http.Response refused = fetch(attachmentId, presented);
            assertThat(refused.status()).as(String.valueOf(presented)).isEqualTo(401);
            assertThat(refused.isProblem()).isTrue();
        }
        Http.Response bearer = http().get("/internal/v1/attachments/" + attachmentId, userToken);
        assertThat(bearer.status()).as("a user's token is not a grant").isEqualTo(401);
    }

    @Test
    void aGrantForAnotherPracticeOrMessageAnswers404() {
        Http.Response otherPractice = fetch(attachmentId, grant(UUID.randomUUID(), messageId, attachmentId));
        Http.Response otherMessage = fetch(attachmentId, grant(practice.id, UUID.randomUUID(), attachmentId));

        assertThat(otherPractice.status()).isEqualTo(404);
        assertThat(otherPractice.isProblem()).isTrue();
        assertThat(otherMessage.status()).isEqualTo(404);
        assertThat(fetch(UUID.randomUUID(), null).status()).isEqualTo(401);
        assertThat(http().get("/internal/v1/attachments/not-a-uuid", null).status()).isEqualTo(400);
    }

    private String grant(UUID practiceId, UUID message, UUID attachment) {
        return grants.issue(new AttachmentFetchGrant.Scope(practiceId, message, attachment), Instant.now().plusSeconds(60));
    }

    private Http.Response fetch(UUID attachment, String grant) {
        var request = http().request("/internal/v1/attachments/" + attachment, null).GET();
        if (grant != null) {
            request.header(AttachmentFetchGrant.HEADER, grant);
        }
        return http().send(request.build());
    }
}
