package com.carerelay.messaging.delivery;

import com.carerelay.events.PrincipalKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Per recipient and channel: where delivery stands and how it got there. */
public record DeliveryHistoryView(UUID messageId, List<RecipientDelivery> recipients) {

    public record RecipientDelivery(UUID id, PrincipalKind kind, String name, String status, Instant readAt,
                                    List<ChannelDelivery> channels) {
    }

    public record ChannelDelivery(String channel, String status, String reason, Instant updatedAt, List<StatusChange> timeline) {
    }

    public record StatusChange(String status, String reason, Instant at) {
    }
}
