package com.carerelay.delivery.notification.web;

import com.carerelay.delivery.notification.Notification;
import java.time.Instant;
import java.util.UUID;

/** A notice as the feed and the live stream show it. */
public record NotificationView(UUID id, UUID messageId, String text, Instant createdAt, Instant seenAt, boolean seen) {

    public static NotificationView of(Notification notification) {
        return new NotificationView(notification.id(), notification.messageId(), notification.text(),
                notification.createdAt(), notification.seenAt(), notification.seenAt() != null);
    }
}
