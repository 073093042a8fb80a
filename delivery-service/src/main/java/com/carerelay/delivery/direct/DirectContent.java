package com.carerelay.delivery.direct;

import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a DIRECT message carries for one contact, stored with the attempt when it is created: the
 * subject and body as rendered for that recipient and the attachment references. The attachments'
 * bytes stay in messaging-service until each try fetches them ({@link DirectAttachments}).
 */
public record DirectContent(UUID messageId, String senderName, String subject, String body, Instant sentAt,
                            List<MessageContent.Attachment> attachments) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code content}: what this recipient receives, opened from the event ({@code ContentSeal.openFor}). */
    public static String render(MessageSent message, MessageContent content) {
        return JSON.writeValueAsString(new DirectContent(message.messageId(),
                message.sender() == null ? null : message.sender().displayName(), content.subject(), content.body(),
                message.sentAt(), content.attachments()));
    }

    public static DirectContent read(String stored) {
        return JSON.readValue(stored, DirectContent.class);
    }
}
