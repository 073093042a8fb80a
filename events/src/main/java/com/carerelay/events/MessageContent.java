package com.carerelay.events;

import java.util.List;
import java.util.UUID;

/**
 * What a message says: its subject, body and attachments (with their file names). Only the channels
 * that carry it need it, so it travels sealed inside {@link MessageSent} ({@link ContentSeal}); audit
 * records the digest instead. A recipient whose copy a template rendered differently has their own
 * {@link Rendering} of the subject and body, and the message's attachments.
 */
public record MessageContent(String subject, String body, List<Attachment> attachments) {

    public MessageContent {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** This content with one recipient's own subject and body. */
    public MessageContent renderedAs(Rendering rendering) {
        return rendering == null ? this : new MessageContent(rendering.subject(), rendering.body(), attachments);
    }

    /** One recipient's own subject and body. */
    public record Rendering(String subject, String body) {
    }

    /** An attachment by reference: the bytes stay in messaging-service. */
    public record Attachment(UUID attachmentId, String fileName, String mediaType, long sizeBytes, String sha256) {
    }
}
