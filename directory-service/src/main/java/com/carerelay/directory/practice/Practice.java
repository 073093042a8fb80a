package com.carerelay.directory.practice;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A practice (tenant) and its feature switches. */
@Entity
@Table(name = "practice")
public class Practice {

    @Id
    private UUID id;
    private String name;
    private String senderEmail;
    private boolean portalMessagingEnabled;
    private boolean directMessagingEnabled;
    private String webhookUrl;
    private long version;

    protected Practice() {
    }

    public Practice(UUID id, String name, String senderEmail, boolean portalMessagingEnabled,
                    boolean directMessagingEnabled) {
        this.id = id;
        this.name = name;
        this.senderEmail = senderEmail;
        this.portalMessagingEnabled = portalMessagingEnabled;
        this.directMessagingEnabled = directMessagingEnabled;
        this.version = 1;
    }

    public void update(String name, String senderEmail, boolean portalMessagingEnabled, boolean directMessagingEnabled,
                       String webhookUrl) {
        this.name = name;
        this.senderEmail = senderEmail;
        this.portalMessagingEnabled = portalMessagingEnabled;
        this.directMessagingEnabled = directMessagingEnabled;
        this.webhookUrl = webhookUrl;
        this.version++;
    }

    /** Something else about the practice changed (its webhook secrets): replicas need the new version. */
    public void touch() {
        this.version++;
    }

    public String getWebhookUrl() {
        return webhookUrl;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getSenderEmail() {
        return senderEmail;
    }

    public boolean isPortalMessagingEnabled() {
        return portalMessagingEnabled;
    }

    public boolean isDirectMessagingEnabled() {
        return directMessagingEnabled;
    }

    public long getVersion() {
        return version;
    }
}
