package com.carerelay.directory.practice;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A practice (tenant), its feature switches, its webhook endpoint and how its e-mail notices look. */
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
    /** Subject of the e-mail notices; null: the neutral default. */
    private String noticeSubject;
    /** Sender display name of the e-mail notices; null: none. */
    private String noticeSenderName;
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
                       String webhookUrl, String noticeSubject, String noticeSenderName) {
        this.name = name;
        this.senderEmail = senderEmail;
        this.portalMessagingEnabled = portalMessagingEnabled;
        this.directMessagingEnabled = directMessagingEnabled;
        this.webhookUrl = webhookUrl;
        this.noticeSubject = noticeSubject;
        this.noticeSenderName = noticeSenderName;
        this.version++;
    }

    /** Something else about the practice changed (its webhook secrets): replicas need the new version. */
    public void touch() {
        this.version++;
    }

    public String getWebhookUrl() {
        return webhookUrl;
    }

    public String getNoticeSubject() {
        return noticeSubject;
    }

    public String getNoticeSenderName() {
        return noticeSenderName;
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
