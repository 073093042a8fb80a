package com.carerelay.directory.client;

import jakarta.persistence.Embeddable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One browser's Web Push subscription of a client: the push service endpoint and the RFC 8291 keys (base64url). */
@Embeddable
public class PushSubscription {

    private UUID id;
    private String endpoint;
    private String p256dh;
    private String auth;
    private Instant createdAt;

    protected PushSubscription() {
    }

    public PushSubscription(UUID id, String endpoint, String p256dh, String auth, Instant createdAt) {
        this.id = id;
        this.endpoint = endpoint;
        this.p256dh = p256dh;
        this.auth = auth;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public String getP256dh() {
        return p256dh;
    }

    public String getAuth() {
        return auth;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PushSubscription subscription && Objects.equals(id, subscription.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
