package com.carerelay.delivery.direct;

import com.carerelay.events.MessageSent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a DIRECT message carries for one contact, stored with the attempt when it is created: the
 * subject and body as rendered for that recipient and the attachment references. Attachment bytes
 * stay in messaging-service; the message carries a manifest of them ({@link #manifest()}).
 */
public record DirectContent(UUID messageId, String senderName, String subject, String body, Instant sentAt,
                            List<MessageSent.AttachmentRef> attachments) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static String render(MessageSent message, MessageSent.Recipient recipient) {
        return JSON.writeValueAsString(new DirectContent(message.messageId(),
                message.sender() == null ? null : message.sender().displayName(), message.subjectFor(recipient),
                message.bodyFor(recipient), message.sentAt(),
                message.attachments() == null ? List.of() : message.attachments()));
    }

    public static DirectContent read(String stored) {
        return JSON.readValue(stored, DirectContent.class);
    }

    /** The attachment manifest part: one line per attachment with its size, type and SHA-256; empty when none. */
    public String manifest() {
        if (attachments == null || attachments.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("Attachments of this message (kept by the sender's system; ask the sender ")
                .append("for a copy):\r\n\r\n");
        for (MessageSent.AttachmentRef attachment : attachments) {
            text.append(String.format(Locale.ROOT, "- %s (%s, %d bytes, sha256 %s, id %s)\r\n", attachment.fileName(),
                    attachment.mediaType(), attachment.sizeBytes(), attachment.sha256(), attachment.attachmentId()));
        }
        return text.toString();
    }
}
