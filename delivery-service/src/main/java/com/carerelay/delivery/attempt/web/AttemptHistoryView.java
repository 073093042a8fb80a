package com.carerelay.delivery.attempt.web;

import com.carerelay.events.PrincipalKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Per recipient and channel: the attempt's state, how many tries it took, and each state it went through. */
public record AttemptHistoryView(UUID messageId, List<Recipient> recipients) {

    public record Recipient(UUID id, PrincipalKind kind, String name, List<ChannelAttempt> channels) {
    }

    /** {@code nextTryAt} is set while a failed try waits to be retried. */
    public record ChannelAttempt(String channel, String status, String reason, int tries, Instant nextTryAt,
                                 Instant createdAt, Instant updatedAt, List<StatusChange> timeline) {
    }

    public record StatusChange(String status, String reason, Instant at) {
    }
}
