package com.carerelay.delivery.direct;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery notification for a DIRECT message: an MDN (RFC 8098, {@code multipart/report;
 * report-type=disposition-notification}) or a DSN (RFC 3464, {@code report-type=delivery-status}),
 * and the Message-ID of the message it is about.
 */
public record DirectReceipt(String originalMessageId, Outcome outcome, String detail) {

    /** processed: the receiving HISP accepted it (not final when final delivery was requested). */
    public enum Outcome { processed, dispatched, failed }

    /** Whether this is an MDN (RFC 8098), which must be signed, rather than an MTA's DSN. */
    public boolean isMdn() {
        return detail.startsWith("MDN ");
    }

    public DirectReceipt withDetail(String newDetail) {
        return new DirectReceipt(originalMessageId, outcome, newDetail);
    }

    private static final Pattern STATUS_CODE = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    /** Reads the report in {@code report} (a decrypted and unwrapped part); null when it is not a delivery report. */
    public static DirectReceipt parse(Part report) throws MessagingException, IOException {
        if (!report.isMimeType("multipart/report")) {
            return null;
        }
        String reportType = new ContentType(report.getContentType()).getParameter("report-type");
        Multipart parts = (Multipart) report.getContent();
        String original = null;
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("message/disposition-notification") || part.isMimeType("message/delivery-status")) {
                fields.add(text(part));
            } else if (part.isMimeType("text/rfc822-headers")) {
                original = firstNonNull(original, new InternetHeaders(raw(part)).getHeader("Message-ID", null));
            } else if (part.isMimeType("message/rfc822")) {
                original = firstNonNull(original, new MimeMessage(null, raw(part)).getMessageID());
            }
        }
        String all = String.join("\n", fields);
        if ("disposition-notification".equalsIgnoreCase(reportType)) {
            InternetHeaders notification = new InternetHeaders(new ByteArrayInputStream(all.getBytes(StandardCharsets.UTF_8)));
            original = firstNonNull(notification.getHeader("Original-Message-ID", null), original);
            String disposition = notification.getHeader("Disposition", null);
            if (original == null || disposition == null || !disposition.contains(";")) {
                return null;
            }
            String type = disposition.substring(disposition.indexOf(';') + 1).strip().toLowerCase(Locale.ROOT);
            String kind = type.split("[/\\s;]", 2)[0];
            return switch (kind) {
                case "processed" -> new DirectReceipt(original.strip(), Outcome.processed, "MDN processed");
                case "dispatched", "displayed" -> new DirectReceipt(original.strip(), Outcome.dispatched, "MDN " + kind);
                case "failed", "deleted", "denied" -> new DirectReceipt(original.strip(), Outcome.failed, "MDN " + kind);
                default -> null;
            };
        }
        if ("delivery-status".equalsIgnoreCase(reportType)) {
            if (original == null) {
                original = report instanceof MimeMessage message ? firstNonNull(message.getHeader("In-Reply-To", null), null)
                        : null;
            }
            if (original == null) {
                return null;
            }
            List<String> actions = new ArrayList<>();
            String status = null;
            for (String line : all.split("\\r?\\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("action:")) {
                    actions.add(lower.substring(7).strip());
                } else if (lower.startsWith("status:") && status == null) {
                    Matcher code = STATUS_CODE.matcher(line);
                    status = code.find() ? code.group(1) : null;
                }
            }
            if (actions.contains("failed")) {
                return new DirectReceipt(original.strip(), Outcome.failed,
                        "DSN: delivery failed" + (status == null ? "" : " (" + status + ")"));
            }
            if (actions.contains("delivered") || actions.contains("relayed")) {
                return new DirectReceipt(original.strip(), Outcome.processed, "DSN " + actions.getFirst());
            }
        }
        return null;
    }

    private static String text(Part part) throws MessagingException, IOException {
        try (InputStream in = raw(part)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream raw(Part part) throws MessagingException, IOException {
        return part.getInputStream();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
