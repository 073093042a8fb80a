package com.carerelay.messaging.message;

import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message ready for {@link MessageWriter}: the message row, one copy per recipient, attachments to bind, its events. */
public record NewMessage(UUID id, UUID practiceId, UUID threadId, UUID senderId, PrincipalKind senderKind,
                         String senderName, String subject, String body, String contentSha256, Instant sentAt,
                         List<Copy> copies, List<UUID> attachmentIds, List<EventEnvelope.Outgoing> events,
                         IdempotencyClaim claim) {

    /** One recipient's copy; subject and body only when personalized. */
    public record Copy(UUID recipientId, PrincipalKind recipientKind, String displayName, UUID viaGroupId,
                       String subject, String body, String address) {
    }

    /** The sender's {@code Idempotency-Key} and the digest of the request it came with. */
    public record IdempotencyClaim(String key, String requestSha256) {
    }
}
