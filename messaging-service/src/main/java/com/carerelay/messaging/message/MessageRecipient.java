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

/** One recipient's own copy of a message: what they see in their inbox, their read and archive state. */
@Entity
@Table(name = "message_recipient")
public class MessageRecipient {

    @Id
    private UUID id;
    @Column(nullable = false)
    private UUID messageId;
    @Column(nullable = false)
    private UUID practiceId;
    @Column(nullable = false)
    private UUID recipientId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PrincipalKind recipientKind;
    @Column(nullable = false)
    private String displayName;
    private UUID viaGroupId;
    @Column(nullable = false)
    private Instant sentAt;
    private Instant readAt;
    private Instant archivedAt;
    private String subject;
    private String body;
    private String address;

    protected MessageRecipient() {
    }

    public MessageRecipient(UUID messageId, UUID practiceId, UUID recipientId, PrincipalKind recipientKind,
                            String displayName, UUID viaGroupId, Instant sentAt, String subject, String body,
                            String address) {
        this.id = UUID.randomUUID();
        this.subject = subject;
        this.body = body;
        this.address = address;
        this.messageId = messageId;
        this.practiceId = practiceId;
        this.recipientId = recipientId;
        this.recipientKind = recipientKind;
        this.displayName = displayName;
        this.viaGroupId = viaGroupId;
        this.sentAt = sentAt;
    }

    public UUID getMessageId() {
        return messageId;
    }

    public UUID getRecipientId() {
        return recipientId;
    }

    public PrincipalKind getRecipientKind() {
        return recipientKind;
    }

    public String getDisplayName() {
        return displayName;
    }

    public UUID getViaGroupId() {
        return viaGroupId;
    }

    public Instant getReadAt() {
        return readAt;
    }

    public Instant getArchivedAt() {
        return archivedAt;
    }

    /** This recipient's own subject, when a template rendered it differently from the message's. */
    public String getSubject() {
        return subject;
    }

    public String getBody() {
        return body;
    }

    public String getAddress() {
        return address;
    }

    public void archive(Instant at) {
        if (archivedAt == null) {
            archivedAt = at;
        }
    }

    /** Marks the copy read; answers true only the first time. */
    public boolean markRead(Instant at) {
        if (readAt != null) {
            return false;
        }
        readAt = at;
        return true;
    }
}
