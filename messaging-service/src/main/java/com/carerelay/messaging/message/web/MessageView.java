package com.carerelay.messaging.message.web;

import com.carerelay.events.PrincipalKind;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message as its sender or one of its recipients may see it. */
public record MessageView(UUID id, UUID threadId, String subject, String body, Instant sentAt, Person sender,
                          List<RecipientView> recipients, List<AttachmentInfo> attachments, String contentSha256) {

    public record Person(UUID id, PrincipalKind kind, String name) {
    }

    /** A recipient; {@code status} only shows to the sender, {@code viaGroupId} when a group reached them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecipientView(UUID id, PrincipalKind kind, String name, UUID viaGroupId, String status) {
    }

    public record AttachmentInfo(UUID id, String fileName, String mediaType, long sizeBytes, String sha256) {
    }
}
