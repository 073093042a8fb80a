package com.carerelay.directory.practice.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A practice's name, e-mail sender address and feature switches. */
public record PracticeRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email String senderEmail,
        @NotNull Boolean portalMessagingEnabled,
        @NotNull Boolean directMessagingEnabled) {
}
