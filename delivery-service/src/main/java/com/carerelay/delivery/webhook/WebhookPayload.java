package com.carerelay.delivery.webhook;

import com.carerelay.events.Actor;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body POSTed to a practice's webhook for one client recipient, in the Standard Webhooks shape
 * ({@code type}, {@code timestamp}, {@code data}): the message as rendered for that recipient,
 * with attachment references (the bytes stay in messaging-service). Rendered once, when the attempt
 * is created, so every retry sends the same bytes under the same {@code webhook-id}.
 */
public record WebhookPayload(String type, Instant timestamp, Data data) {

    public static final String TYPE = "message.received";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Data(UUID messageId, UUID threadId, Practice practice, Actor sender, Recipient recipient,
                       String subject, String body, String contentSha256, Instant sentAt,
                       List<MessageContent.Attachment> attachments) {
    }

    public record Practice(UUID id, String name) {
    }

    public record Recipient(UUID id, PrincipalKind kind, String name) {
    }

    /** {@code content}: what this recipient receives, opened from the event ({@code ContentSeal.openFor}). */
    public static String render(MessageSent message, MessageSent.Recipient recipient, MessageContent content,
                                String practiceName) {
        return JSON.writeValueAsString(new WebhookPayload(TYPE, message.sentAt(), new Data(message.messageId(),
                message.threadId(), new Practice(message.practiceId(), practiceName), message.sender(),
                new Recipient(recipient.recipientId(), recipient.kind(), recipient.displayName()),
                content.subject(), content.body(), message.contentSha256For(recipient), message.sentAt(),
                content.attachments())));
    }
}
