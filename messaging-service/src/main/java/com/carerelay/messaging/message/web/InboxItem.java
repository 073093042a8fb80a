package com.carerelay.messaging.message.web;

import java.time.Instant;
import java.util.UUID;

/** One line of an inbox or sent box. */
public record InboxItem(UUID messageId, UUID threadId, String subject, String senderName, Instant sentAt, boolean read) {
}
