package com.carerelay.messaging.attachment;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An uploaded file's metadata: stored under a generated id with its detected type and SHA-256, attached
 * to at most one message; its bytes are in {@link AttachmentStore}.
 */
@Entity
@Table(name = "attachment")
public class Attachment {

    @Id
    private UUID id;
    private UUID practiceId;
    private UUID uploadedBy;
    private String fileName;
    private String mediaType;
    private long sizeBytes;
    private String sha256;
    private UUID messageId;
    private Instant uploadedAt;

    protected Attachment() {
    }

    public Attachment(UUID id, UUID practiceId, UUID uploadedBy, String fileName, String mediaType, long sizeBytes,
                      String sha256, Instant uploadedAt) {
        this.id = id;
        this.practiceId = practiceId;
        this.uploadedBy = uploadedBy;
        this.fileName = fileName;
        this.mediaType = mediaType;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.uploadedAt = uploadedAt;
    }

    public void attachTo(UUID messageId) {
        this.messageId = messageId;
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public UUID getUploadedBy() {
        return uploadedBy;
    }

    public String getFileName() {
        return fileName;
    }

    public String getMediaType() {
        return mediaType;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public String getSha256() {
        return sha256;
    }

    public UUID getMessageId() {
        return messageId;
    }

    public Instant getUploadedAt() {
        return uploadedAt;
    }
}
