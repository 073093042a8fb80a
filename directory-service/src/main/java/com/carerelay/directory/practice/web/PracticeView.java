package com.carerelay.directory.practice.web;

import com.carerelay.directory.practice.Practice;
import com.carerelay.directory.practice.WebhookSecret;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The practice's settings; webhook secrets appear only by id and a hint, never their value. A null
 * notice subject or sender name means the neutral default.
 */
public record PracticeView(UUID id, String name, String senderEmail, boolean portalMessagingEnabled,
                           boolean directMessagingEnabled, String webhookUrl, List<SecretView> webhookSecrets,
                           String noticeSubject, String noticeSenderName) {

    public record SecretView(UUID id, String hint, Instant createdAt) {

        public static SecretView of(WebhookSecret secret) {
            return new SecretView(secret.getId(), secret.getHint(), secret.getCreatedAt());
        }
    }

    /** A newly created secret, with its value (shown once, at creation). */
    public record NewSecretView(UUID id, String secret, String hint, Instant createdAt) {
    }

    public static PracticeView of(Practice practice, List<WebhookSecret> secrets) {
        return new PracticeView(practice.getId(), practice.getName(), practice.getSenderEmail(),
                practice.isPortalMessagingEnabled(), practice.isDirectMessagingEnabled(), practice.getWebhookUrl(),
                secrets.stream().map(SecretView::of).toList(), practice.getNoticeSubject(), practice.getNoticeSenderName());
    }
}
