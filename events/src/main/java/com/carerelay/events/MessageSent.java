package com.carerelay.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message was accepted and stored with one copy per recipient. Carries what delivery
 * (content for channels that carry it) and audit (digests, recipients) need.
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
        List<AttachmentRef> attachments) {

    public static final String TYPE = "carerelay.message.sent.v1";

    /** One recipient's copy. {@code viaGroupId} is set when a staff group expanded to this member. */
    public record Recipient(UUID recipientId, PrincipalKind kind, String displayName, UUID viaGroupId) {
    }

    /** An attachment by reference: the bytes stay in messaging-service. */
    public record AttachmentRef(UUID attachmentId, String fileName, String mediaType, long sizeBytes, String sha256) {
    }
}
