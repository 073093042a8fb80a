package com.carerelay.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message was accepted and stored with one copy per recipient. Carries what each consumer needs:
 * audit the recipients and digests, delivery also the content, which is sealed ({@code sealedContent},
 * a {@link MessageContent}, and {@code sealedRenderings}, the recipients' own renderings of a template,
 * which only messaging- and delivery-service can open with {@link ContentSeal}).
 * A message to many recipients is published as several events (same message id and key, so they stay
 * in order on one partition), each carrying one slice of the recipients: {@code recipientBatch} of
 * {@code recipientBatches}.
 */
public record MessageSent(
        UUID messageId,
        UUID practiceId,
        UUID threadId,
        Actor sender,
        String sealedContent,
        String sealedRenderings,
        String contentSha256,
        Instant sentAt,
        List<Recipient> recipients,
        int attachmentCount,
        int recipientBatch,
        int recipientBatches) {

    public static final String TYPE = "carerelay.message.sent.v2";

    /** A message whose recipients fit in one event. */
    public MessageSent(UUID messageId, UUID practiceId, UUID threadId, Actor sender, String sealedContent,
                       String contentSha256, Instant sentAt, List<Recipient> recipients, int attachmentCount) {
        this(messageId, practiceId, threadId, sender, sealedContent, null, contentSha256, sentAt, recipients,
                attachmentCount, 1, 1);
    }

    /** True for the first (or only) event of a message: where once-per-message effects belong. */
    public boolean firstBatch() {
        return recipientBatch <= 1;
    }

    /** The same message carrying another slice of its recipients, with their renderings sealed for that slice. */
    public MessageSent withRecipients(List<Recipient> slice, int batch, int batches, String sliceRenderings) {
        return new MessageSent(messageId, practiceId, threadId, sender, sealedContent, sliceRenderings, contentSha256,
                sentAt, slice, attachmentCount, batch, batches);
    }

    /**
     * One recipient's copy. {@code viaGroupId} is set when a staff group expanded to this member;
     * {@code address} is the DIRECT address of a DIRECT recipient. {@code contentSha256} is set only when a
     * template rendered this recipient's copy differently from the message's own subject and body (their
     * rendering is then in the event's {@code sealedRenderings}).
     */
    public record Recipient(UUID recipientId, PrincipalKind kind, String displayName, UUID viaGroupId, String address,
                            String contentSha256) {

        public Recipient(UUID recipientId, PrincipalKind kind, String displayName, UUID viaGroupId) {
            this(recipientId, kind, displayName, viaGroupId, null, null);
        }
    }

    /** The digest of what this recipient received. */
    public String contentSha256For(Recipient recipient) {
        return recipient.contentSha256() == null ? contentSha256 : recipient.contentSha256();
    }
}
