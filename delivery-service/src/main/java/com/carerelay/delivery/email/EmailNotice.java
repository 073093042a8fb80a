package com.carerelay.delivery.email;

import java.util.UUID;

/**
 * The text of an e-mail notice. It never carries PHI: no subject, no body, no diagnosis of the
 * message it announces; only the practice's name and a link to sign in and read it.
 */
public record EmailNotice(String subject, String text) {

    static final String FALLBACK_PRACTICE = "your care team";

    /** @param link where the recipient signs in to read messages (the portal for clients, the console for staff) */
    public static EmailNotice of(String practiceName, String link, UUID messageId) {
        String practice = practiceName == null || practiceName.isBlank() ? FALLBACK_PRACTICE : practiceName.strip();
        String url = link.endsWith("/") ? link + messageId : link + "/" + messageId;
        return new EmailNotice("New secure message from " + practice,
                "You have a new secure message from " + practice + ".\r\n\r\n"
                        + "Sign in to read it: " + url + "\r\n\r\n"
                        + "This notice was sent automatically. Please do not reply to this e-mail.\r\n");
    }
}
