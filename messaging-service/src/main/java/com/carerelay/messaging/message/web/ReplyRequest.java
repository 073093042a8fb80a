package com.carerelay.messaging.message.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A reply in a message's thread: to its sender, or (from the sender) to the recipients picked in
 * {@code recipientIds} (needed when the message reached several people, clients among them).
 */
public record ReplyRequest(@NotBlank @Size(max = 100_000) String body, @Size(max = 20) List<@NotNull UUID> attachmentIds,
                           @Size(max = 10_000) List<@NotNull UUID> recipientIds) {

    public ReplyRequest(String body, List<UUID> attachmentIds) {
        this(body, attachmentIds, null);
    }

    public List<UUID> recipients() {
        return recipientIds == null ? List.of() : recipientIds;
    }

    public List<UUID> attachments() {
        return attachmentIds == null ? List.of() : attachmentIds;
    }
}
