package com.carerelay.messaging.message.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** A reply in a message's thread: to its sender, or (from the sender) to its recipients. */
public record ReplyRequest(@NotBlank @Size(max = 100_000) String body, @Size(max = 20) List<@NotNull UUID> attachmentIds) {

    public List<UUID> attachments() {
        return attachmentIds == null ? List.of() : attachmentIds;
    }
}
