package com.carerelay.events;

import java.time.Instant;
import java.util.UUID;

/** A recipient opened their copy of a message for the first time. */
public record MessageRead(UUID messageId, UUID practiceId, UUID senderId, Actor reader, Instant readAt) {

    public static final String TYPE = "carerelay.message.read.v1";
}
