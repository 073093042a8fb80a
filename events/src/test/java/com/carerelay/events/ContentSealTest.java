package com.carerelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContentSealTest {

    final ContentSeal seal = Samples.contentSeal();
    final UUID messageId = UUID.randomUUID();
    final UUID jordan = UUID.randomUUID();
    final UUID riley = UUID.randomUUID();
    final MessageContent content = new MessageContent("Lab results", "Your A1C is 6.1.",
            List.of(new MessageContent.Attachment(UUID.randomUUID(), "jordan-a1c.pdf", "application/pdf", 10, "ab")));

    @Test
    void theEventOnTheTopicCarriesNeitherSubjectNorBodyNorFileNames() {
        MessageSent sent = sent(List.of(new MessageSent.Recipient(jordan, PrincipalKind.client, "Jordan", null)));
        String onTheWire = new String(EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging",
                messageId.toString(), MessageSent.TYPE, sent).data(), StandardCharsets.UTF_8);

        assertThat(onTheWire).doesNotContain("Lab results", "A1C", "jordan-a1c.pdf", "subject", "body");
        assertThat(seal.open(sent)).isEqualTo(content);
    }

    @Test
    void recipientsOwnRenderingsOpenOnlyForTheirEventAndKeepTheMessagesAttachments() {
        MessageSent.Recipient toJordan = new MessageSent.Recipient(jordan, PrincipalKind.client, "Jordan", null, null,
                "b".repeat(64));
        MessageSent.Recipient toRiley = new MessageSent.Recipient(riley, PrincipalKind.client, "Riley", null);
        MessageSent whole = sent(List.of(toJordan, toRiley));
        String batchTwo = seal.sealRenderings(messageId, 2,
                Map.of(jordan, new MessageContent.Rendering("Hi Jordan", "Your A1C is 6.1, Jordan.")));
        MessageSent second = whole.withRecipients(List.of(toJordan, toRiley), 2, 2, batchTwo);

        Map<UUID, MessageContent.Rendering> renderings = seal.openRenderings(second);
        assertThat(seal.open(second).renderedAs(renderings.get(jordan)))
                .isEqualTo(new MessageContent("Hi Jordan", "Your A1C is 6.1, Jordan.", content.attachments()));
        assertThat(seal.open(second).renderedAs(renderings.get(riley))).isEqualTo(content);
        assertThatThrownBy(() -> seal.openRenderings(whole.withRecipients(List.of(toJordan), 1, 2, batchTwo)))
                .as("moved onto another batch").isInstanceOf(IllegalStateException.class);
        assertThat(seal.sealRenderings(messageId, 1, Map.of())).isNull();
        assertThat(seal.openRenderings(whole)).isEmpty();
    }

    @Test
    void contentSealedForOneMessageOrUnderAnotherKeyDoesNotOpen() {
        MessageSent sent = sent(List.of(new MessageSent.Recipient(jordan, PrincipalKind.client, "Jordan", null)));
        MessageSent replayedOntoAnother = new MessageSent(UUID.randomUUID(), sent.practiceId(), sent.threadId(),
                sent.sender(), sent.sealedContent(), sent.contentSha256(), sent.sentAt(), sent.recipients(), 1);

        assertThatThrownBy(() -> seal.open(replayedOntoAnother)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ContentSeal(Base64.getEncoder().encodeToString(new byte[32])).open(sent))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCheckedInSampleOpensWithTheDevelopmentKey() {
        MessageSent sample = new EventEnvelope.Incoming("sample", MessageSent.TYPE, "/test", null, Instant.now(),
                Samples.body(MessageSent.TYPE)).payload(MessageSent.class);
        assertThat(seal.open(sample).subject()).isEqualTo("Schedule change");
    }

    private MessageSent sent(List<MessageSent.Recipient> recipients) {
        return new MessageSent(messageId, UUID.randomUUID(), messageId,
                new Actor(UUID.randomUUID(), PrincipalKind.staff, "Dana Reyes"), seal.seal(messageId, content),
                "a".repeat(64), Instant.parse("2026-12-03T10:00:00Z"), recipients, 1);
    }
}
