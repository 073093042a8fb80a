package com.carerelay.directory.client.web;

import com.carerelay.directory.client.PushSubscription;
import java.time.Instant;
import java.util.UUID;

/** A registered push subscription (its keys stay with the delivery path). */
public record PushSubscriptionView(UUID id, String endpoint, Instant createdAt) {

    public static PushSubscriptionView of(PushSubscription subscription) {
        return new PushSubscriptionView(subscription.getId(), subscription.getEndpoint(), subscription.getCreatedAt());
    }
}
