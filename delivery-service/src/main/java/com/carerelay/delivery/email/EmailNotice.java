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
        // the name lands in a header: no line breaks or other control characters from the directory
        String cleaned = practiceName == null ? "" : practiceName.replaceAll("\\p{Cntrl}+", " ").strip();
        String practice = cleaned.isEmpty() ? FALLBACK_PRACTICE : cleaned;
        String url = link.endsWith("/") ? link + messageId : link + "/" + messageId;
        return new EmailNotice("New secure message from " + practice,
                "You have a new secure message from " + practice + ".\r\n\r\n"
                        + "Sign in to read it: " + url + "\r\n\r\n"
                        + "This notice was sent automatically. Please do not reply to this e-mail.\r\n");
    }
}
