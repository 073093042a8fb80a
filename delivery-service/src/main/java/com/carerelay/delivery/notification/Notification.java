package com.carerelay.delivery.notification;

import com.carerelay.events.PrincipalKind;
import java.time.Instant;
import java.util.UUID;

/** One notice in a principal's in-app feed. {@code text} never carries PHI (no subject, no body). */
public record Notification(UUID id, UUID practiceId, UUID recipientId, PrincipalKind recipientKind, UUID messageId,
                           String text, Instant createdAt, Instant seenAt) {

    /** The text of a new-message notice: who sent it, nothing about what it says. */
    public static String newMessageText(String senderName) {
        return senderName == null || senderName.isBlank() ? "New secure message"
                : "New secure message from " + senderName;
    }
}
