package com.carerelay.directory.practice;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A signing secret of the practice's webhook (Standard Webhooks: {@code whsec_} and base64 of 32 random
 * bytes), stored sealed. Up to two are active at once so a practice can rotate without downtime:
 * messages are signed with every active secret until the old one is retired.
 */
@Entity
@Table(name = "practice_webhook_secret")
public class WebhookSecret {

    @Id
    private UUID id;
    private UUID practiceId;
    private byte[] secret;
    private String hint;
    private Instant createdAt;
    private Instant retiredAt;

    protected WebhookSecret() {
    }

    public WebhookSecret(UUID id, UUID practiceId, byte[] sealedSecret, String hint, Instant createdAt) {
        this.id = id;
        this.practiceId = practiceId;
        this.secret = sealedSecret;
        this.hint = hint;
        this.createdAt = createdAt;
    }

    public void retire(Instant at) {
        this.retiredAt = at;
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public byte[] getSecret() {
        return secret;
    }

    public String getHint() {
        return hint;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getRetiredAt() {
        return retiredAt;
    }
}
