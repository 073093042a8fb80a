package com.carerelay.events;

import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals a message's content into its {@link MessageSent} events and opens it again: AES-256-GCM
 * ({@link Seal}) under {@code CARERELAY_MESSAGE_CONTENT_KEY}, which only messaging-service and
 * delivery-service hold. A reader of {@code carerelay.messages} without the key (audit-service, an
 * operator, a stolen consumer credential) sees who messaged whom and the content's digest, never the
 * subject, body or file names. Two sealed values per event: the message's own content (the same in all
 * its events), bound to the message id; and, when a template rendered some of the event's recipients
 * differently, their renderings in one map, bound to the message id and the event's recipient batch, so
 * neither can be moved onto another message or batch, nor one recipient's rendering onto another.
 */
public final class ContentSeal {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<UUID, MessageContent.Rendering>> RENDERINGS = new TypeReference<>() {
    };
    private final Seal seal;

    public ContentSeal(String base64Key) {
        this.seal = new Seal(base64Key);
    }

    /** The message's own content. */
    public String seal(UUID messageId, MessageContent content) {
        return seal.seal(JSON.writeValueAsString(content), messageId.toString());
    }

    /** The renderings of one event's recipients, by recipient id; null when there are none. */
    public String sealRenderings(UUID messageId, int recipientBatch, Map<UUID, MessageContent.Rendering> renderings) {
        return renderings.isEmpty() ? null
                : seal.seal(JSON.writeValueAsString(renderings), boundTo(messageId, recipientBatch));
    }

    /** The message's own content; fails when it was sealed under another key or for another message. */
    public MessageContent open(MessageSent message) {
        if (message.sealedContent() == null) {
            throw new IllegalStateException("the event carries no sealed content");
        }
        String json = seal.open(message.sealedContent(), message.messageId().toString());
        try {
            return JSON.readValue(json, MessageContent.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("the opened message content is not MessageContent JSON", e);
        }
    }

    /** This event's recipients' own renderings (empty when none); fails like {@link #open}. */
    public Map<UUID, MessageContent.Rendering> openRenderings(MessageSent message) {
        if (message.sealedRenderings() == null) {
            return Map.of();
        }
        String json = seal.open(message.sealedRenderings(), boundTo(message.messageId(), message.recipientBatch()));
        try {
            return JSON.readValue(json, RENDERINGS);
        } catch (JacksonException e) {
            throw new IllegalStateException("the opened renderings are not a map of recipient ids to renderings", e);
        }
    }

    private static String boundTo(UUID messageId, int recipientBatch) {
        return messageId + "/" + recipientBatch;
    }
}
