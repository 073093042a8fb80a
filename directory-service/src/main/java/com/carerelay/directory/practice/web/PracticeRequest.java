package com.carerelay.directory.practice.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A practice's display name, e-mail sender address, feature switches, webhook endpoint (none when null),
 * and the subject and sender display name of its e-mail notices (null or blank: the neutral default,
 * "You have a new secure message" and no display name; the practice's name is never used by default,
 * since in a behavioral-health practice it discloses a treatment relationship). Both land in mail
 * headers, so line breaks and other control characters are refused.
 */
public record PracticeRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 254) String senderEmail,
        @NotNull Boolean portalMessagingEnabled,
        @NotNull Boolean directMessagingEnabled,
        @Size(max = 2048) String webhookUrl,
        @Size(max = 150) @Pattern(regexp = NO_CONTROLS, message = "must not contain line breaks or control characters")
        String noticeSubject,
        @Size(max = 100) @Pattern(regexp = NO_CONTROLS, message = "must not contain line breaks or control characters")
        String noticeSenderName) {

    static final String NO_CONTROLS = "[^\\p{Cntrl}]*";

    public PracticeRequest(String name, String senderEmail, Boolean portalMessagingEnabled, Boolean directMessagingEnabled) {
        this(name, senderEmail, portalMessagingEnabled, directMessagingEnabled, null, null, null);
    }
}
