package com.carerelay.delivery.attempt;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.PrincipalKind;
import java.time.Instant;
import java.util.UUID;

/**
 * One delivery of one message to one recipient over one channel. {@code destination} is where the
 * channel delivers to (the e-mail address of an e-mail notice), null for in-app.
 */
public record DeliveryAttempt(UUID id, UUID messageId, UUID practiceId, UUID senderId, UUID recipientId,
                              PrincipalKind recipientKind, String recipientName, DeliveryStatusChanged.Channel channel,
                              DeliveryStatusChanged.Status status, String reason, String destination,
                              Instant messageSentAt, int tries) {

    /** The status event for this attempt's current state. */
    public DeliveryStatusChanged statusChanged(Instant at) {
        return new DeliveryStatusChanged(messageId, practiceId, senderId, recipientId, recipientKind, channel, status,
                reason, at);
    }

    public DeliveryAttempt withStatus(DeliveryStatusChanged.Status newStatus, String newReason) {
        return new DeliveryAttempt(id, messageId, practiceId, senderId, recipientId, recipientKind, recipientName, channel,
                newStatus, newReason, destination, messageSentAt, tries);
    }
}
