package com.carerelay.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message was accepted and stored with one copy per recipient. Carries what delivery
 * (content for channels that carry it) and audit (digests, recipients) need. A message to many
 * recipients is published as several events (same message id and key, so they stay in order on one
 * partition), each carrying one slice of the recipients: {@code recipientBatch} of {@code recipientBatches}.
 */
public record MessageSent(
        UUID messageId,
        UUID practiceId,
        UUID threadId,
        Actor sender,
        String subject,
        String body,
        String contentSha256,
        Instant sentAt,
        List<Recipient> recipients,
        List<AttachmentRef> attachments,
        int recipientBatch,
        int recipientBatches) {

    public static final String TYPE = "carerelay.message.sent.v1";

    /** A message whose recipients fit in one event. */
    public MessageSent(UUID messageId, UUID practiceId, UUID threadId, Actor sender, String subject, String body,
                       String contentSha256, Instant sentAt, List<Recipient> recipients, List<AttachmentRef> attachments) {
        this(messageId, practiceId, threadId, sender, subject, body, contentSha256, sentAt, recipients, attachments, 1, 1);
    }

    /** True for the first (or only) event of a message: where once-per-message effects belong. */
    public boolean firstBatch() {
        return recipientBatch <= 1;
    }

    /**
     * One recipient's copy. {@code viaGroupId} is set when a staff group expanded to this member;
     * {@code address} is the DIRECT address of a DIRECT recipient. {@code subject}, {@code body} and
     * {@code contentSha256} are set only when a template rendered this recipient's copy differently
     * from the message's own subject and body.
     */
    public record Recipient(UUID recipientId, PrincipalKind kind, String displayName, UUID viaGroupId, String address,
                            String subject, String body, String contentSha256) {

        public Recipient(UUID recipientId, PrincipalKind kind, String displayName, UUID viaGroupId) {
            this(recipientId, kind, displayName, viaGroupId, null, null, null, null);
        }
    }

    /** The subject this recipient sees. */
    public String subjectFor(Recipient recipient) {
        return recipient.subject() == null ? subject : recipient.subject();
    }

    /** The body this recipient sees. */
    public String bodyFor(Recipient recipient) {
        return recipient.body() == null ? body : recipient.body();
    }

    /** The digest of what this recipient received. */
    public String contentSha256For(Recipient recipient) {
        return recipient.contentSha256() == null ? contentSha256 : recipient.contentSha256();
    }

    /** An attachment by reference: the bytes stay in messaging-service. */
    public record AttachmentRef(UUID attachmentId, String fileName, String mediaType, long sizeBytes, String sha256) {
    }
}
