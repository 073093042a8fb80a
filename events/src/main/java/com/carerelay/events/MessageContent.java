package com.carerelay.events;

import java.util.List;
import java.util.UUID;

/**
 * What a message says: its subject, body and attachments (with their file names). Only the channels
 * that carry it need it, so it travels sealed inside {@link MessageSent} ({@link ContentSeal}); audit
 * records the digest instead. A recipient's own copy (a template rendered it differently) has a subject
 * and body and no attachments: those are the message's.
 */
public record MessageContent(String subject, String body, List<Attachment> attachments) {

    public MessageContent {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An attachment by reference: the bytes stay in messaging-service. */
    public record Attachment(UUID attachmentId, String fileName, String mediaType, long sizeBytes, String sha256) {
    }
}
