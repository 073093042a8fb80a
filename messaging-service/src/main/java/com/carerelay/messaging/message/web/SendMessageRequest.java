package com.carerelay.messaging.message.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/v1/messages}. */
public record SendMessageRequest(
        @NotBlank @Size(max = 200) String subject,
        @NotBlank @Size(max = 100_000) String body,
        @NotNull @Valid Recipients recipients) {

    /** Who receives the message; duplicates collapse. */
    public record Recipients(@Size(max = 10_000) List<@NotNull UUID> staffIds) {

        public List<UUID> staffIdsOrEmpty() {
            return staffIds == null ? List.of() : staffIds;
        }
    }
}
