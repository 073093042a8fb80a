package com.carerelay.messaging.template;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A practice's reusable message, with {@code {{variables}}} filled in per recipient. */
@Entity
@Table(name = "message_template")
public class MessageTemplate {

    @Id
    private UUID id;
    private UUID practiceId;
    private String name;
    private String subject;
    private String body;
    private UUID createdBy;
    private Instant updatedAt;

    protected MessageTemplate() {
    }

    public MessageTemplate(UUID id, UUID practiceId, UUID createdBy) {
        this.id = id;
        this.practiceId = practiceId;
        this.createdBy = createdBy;
    }

    public void update(String name, String subject, String body) {
        this.name = name;
        this.subject = subject;
        this.body = body;
        this.updatedAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public String getName() {
        return name;
    }

    public String getSubject() {
        return subject;
    }

    public String getBody() {
        return body;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
