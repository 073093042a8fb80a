package com.carerelay.events;

import java.time.Instant;
import java.util.UUID;

/** The delivery of one message to one recipient over one channel changed state. */
public record DeliveryStatusChanged(
        UUID messageId,
        UUID practiceId,
        UUID senderId,
        UUID recipientId,
        PrincipalKind recipientKind,
        Channel channel,
        Status status,
        String reason,
        Instant occurredAt) {

    public static final String TYPE = "carerelay.delivery.status-changed.v1";

    public enum Channel { in_app, email, push, direct, webhook }

    public enum Status { queued, sent, delivered, read, failed }
}
