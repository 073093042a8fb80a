package com.carerelay.messaging.message;

import com.carerelay.events.PrincipalKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A sent message: what the sender wrote, once. Each recipient has a {@link MessageRecipient} copy. */
@Entity
@Table(name = "message")
public class Message {

    @Id
    private UUID id;
    @Column(nullable = false)
    private UUID practiceId;
    @Column(nullable = false)
    private UUID threadId;
    @Column(nullable = false)
    private UUID senderId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PrincipalKind senderKind;
    @Column(nullable = false)
    private String senderName;
    @Column(nullable = false)
    private String subject;
    @Column(nullable = false)
    private String body;
    @Column(name = "content_sha256", nullable = false)
    private String contentSha256;
    @Column(nullable = false)
    private Instant sentAt;

    protected Message() {
    }

    public Message(UUID id, UUID practiceId, UUID threadId, UUID senderId, PrincipalKind senderKind, String senderName,
                   String subject, String body, String contentSha256, Instant sentAt) {
        this.id = id;
        this.practiceId = practiceId;
        this.threadId = threadId;
        this.senderId = senderId;
        this.senderKind = senderKind;
        this.senderName = senderName;
        this.subject = subject;
        this.body = body;
        this.contentSha256 = contentSha256;
        this.sentAt = sentAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public UUID getThreadId() {
        return threadId;
    }

    public UUID getSenderId() {
        return senderId;
    }

    public PrincipalKind getSenderKind() {
        return senderKind;
    }

    public String getSenderName() {
        return senderName;
    }

    public String getSubject() {
        return subject;
    }

    public String getBody() {
        return body;
    }

    public String getContentSha256() {
        return contentSha256;
    }

    public Instant getSentAt() {
        return sentAt;
    }
}
