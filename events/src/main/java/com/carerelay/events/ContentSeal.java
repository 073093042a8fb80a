package com.carerelay.events;

import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals a message's content into its {@link MessageSent} events and opens it again: AES-256-GCM
 * ({@link Seal}) under {@code CARERELAY_MESSAGE_CONTENT_KEY}, which only messaging-service and
 * delivery-service hold. A reader of {@code carerelay.messages} without the key (audit-service, an
 * operator, a stolen consumer credential) sees who messaged whom and the content's digest, never the
 * subject, body or file names. The associated data is the message id (and the recipient's id for a
 * recipient's own copy), so sealed content cannot be moved onto another message or recipient.
 */
public final class ContentSeal {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Seal seal;

    public ContentSeal(String base64Key) {
        this.seal = new Seal(base64Key);
    }

    /** The message's own content. */
    public String seal(UUID messageId, MessageContent content) {
        return seal.seal(JSON.writeValueAsString(content), messageId.toString());
    }

    /** One recipient's own rendering of the subject and body. */
    public String seal(UUID messageId, UUID recipientId, String subject, String body) {
        return seal.seal(JSON.writeValueAsString(new MessageContent(subject, body, null)), boundTo(messageId, recipientId));
    }

    /** The message's own content; fails when it was sealed under another key or for another message. */
    public MessageContent open(MessageSent message) {
        if (message.sealedContent() == null) {
            throw new IllegalStateException("the event carries no sealed content");
        }
        return read(seal.open(message.sealedContent(), message.messageId().toString()));
    }

    /** What this recipient receives: their own subject and body if they have one, the message's attachments. */
    public MessageContent openFor(MessageSent message, MessageSent.Recipient recipient, MessageContent common) {
        if (recipient.sealedContent() == null) {
            return common;
        }
        MessageContent own = read(seal.open(recipient.sealedContent(),
                boundTo(message.messageId(), recipient.recipientId())));
        return new MessageContent(own.subject(), own.body(), common.attachments());
    }

    private static String boundTo(UUID messageId, UUID recipientId) {
        return messageId + "/" + recipientId;
    }

    private static MessageContent read(String json) {
        try {
            return JSON.readValue(json, MessageContent.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("the opened message content is not MessageContent JSON", e);
        }
    }
}
