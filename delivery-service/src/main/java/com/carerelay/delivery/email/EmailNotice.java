package com.carerelay.delivery.email;

import java.util.UUID;

/**
 * The subject, sender display name and text of an e-mail notice. It never carries PHI: no subject, no
 * body of the message it announces, and by default not even the practice's name (in a behavioral-health
 * practice the name alone discloses a treatment relationship): the subject is {@link #DEFAULT_SUBJECT}
 * and there is no display name, unless the practice configured its own in the directory.
 */
public record EmailNotice(String subject, String senderName, String text) {

    public static final String DEFAULT_SUBJECT = "You have a new secure message";

    /**
     * @param subject    the practice's notice subject, or null for the default
     * @param senderName the practice's notice sender display name, or null for none
     * @param link       where the recipient signs in to read messages (the portal for clients, the console for staff)
     */
    public static EmailNotice of(String subject, String senderName, String link, UUID messageId) {
        String shownSubject = headerSafe(subject);
        String shownSender = headerSafe(senderName);
        String url = link.endsWith("/") ? link + messageId : link + "/" + messageId;
        return new EmailNotice(shownSubject == null ? DEFAULT_SUBJECT : shownSubject, shownSender,
                "You have a new secure message" + (shownSender == null ? "" : " from " + shownSender) + ".\r\n\r\n"
                        + "Sign in to read it: " + url + "\r\n\r\n"
                        + "This notice was sent automatically. Please do not reply to this e-mail.\r\n");
    }

    /** The value without line breaks or other control characters (it lands in a header), or null when blank. */
    private static String headerSafe(String value) {
        String cleaned = value == null ? "" : value.replaceAll("\\p{Cntrl}+", " ").strip();
        return cleaned.isEmpty() ? null : cleaned;
    }
}
