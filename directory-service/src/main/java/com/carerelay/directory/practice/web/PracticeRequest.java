package com.carerelay.directory.practice.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A practice's display name, e-mail sender address, feature switches and webhook endpoint (none when null). */
public record PracticeRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 254) String senderEmail,
        @NotNull Boolean portalMessagingEnabled,
        @NotNull Boolean directMessagingEnabled,
        @Size(max = 2048) String webhookUrl) {

    public PracticeRequest(String name, String senderEmail, Boolean portalMessagingEnabled, Boolean directMessagingEnabled) {
        this(name, senderEmail, portalMessagingEnabled, directMessagingEnabled, null);
    }
}
