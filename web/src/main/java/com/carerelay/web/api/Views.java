package com.carerelay.web.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the pages read from the services' APIs: only the fields the pages show (unknown fields are
 * ignored, so a service can add fields without breaking the web app).
 */
public final class Views {

    private Views() {
    }

    /** messaging-service {@code GET /api/v1/inbox} and {@code /sent}. */
    public record InboxItem(UUID messageId, UUID threadId, String subject, String senderName, Instant sentAt, boolean read) {
    }

    public record Person(UUID id, String kind, String name) {
    }

    public record Recipient(UUID id, String kind, String name, UUID viaGroupId, String status) {
    }

    public record Attachment(UUID id, String fileName, String mediaType, long sizeBytes, String sha256) {

        public String size() {
            return sizeBytes < 1024 ? sizeBytes + " bytes" : sizeBytes < 1024 * 1024 ? (sizeBytes / 1024) + " KB"
                    : String.format("%.1f MB", sizeBytes / (1024.0 * 1024));
        }
    }

    /** messaging-service {@code GET /api/v1/messages/{id}}. */
    public record Message(UUID id, UUID threadId, String subject, String body, Instant sentAt, Person sender,
                          List<Recipient> recipients, List<Attachment> attachments) {
    }

    /** messaging-service {@code GET /api/v1/messages/{id}/delivery}. */
    public record Delivery(UUID messageId, List<RecipientDelivery> recipients) {

        public boolean allDelivered() {
            return !recipients.isEmpty() && recipients.stream()
                    .allMatch(recipient -> "delivered".equals(recipient.status()) || "read".equals(recipient.status()));
        }
    }

    public record RecipientDelivery(UUID id, String kind, String name, String status, Instant readAt,
                                    List<ChannelDelivery> channels) {
    }

    public record ChannelDelivery(String channel, String status, String reason, Instant updatedAt, List<StatusChange> timeline) {
    }

    public record StatusChange(String status, String reason, Instant at) {
    }

    /** messaging-service templates. */
    public record Template(UUID id, String name, String subject, String body) {
    }

    public record Rendered(String subject, String body) {
    }

    /** directory-service {@code GET /api/v1/recipients}. */
    public record Recipients(String query, List<Match> items) {
    }

    public record Match(String kind, UUID id, String displayName, String detail, Integer memberCount) {

        /** The chip's value: kind and id, e.g. {@code client:8888…}. */
        public String value() {
            return kind + ":" + id;
        }
    }

    /** audit-service entries. */
    public record AuditPage(List<AuditEntry> entries, String nextCursor) {
    }

    public record AuditEntry(long id, long chainSeq, Instant occurredAt, String action, Person actor, String actorRole,
                             Person subject, UUID messageId, String channel, String outcome) {
    }

    public record ChainCheck(boolean ok, long entriesChecked, Long headSeq, Map<String, Object> firstMismatch) {
    }

    /** directory-service clients list (for the compliance view's picker). */
    public record ClientPage(List<Client> items) {
    }

    /**
     * A client as the compliance view shows them: names and portal status, which directory:read-clients reads
     * (contact details are for directory admins only, and the view does not need them).
     */
    public record Client(UUID id, String firstName, String lastName, String portalStatus) {

        public String name() {
            return firstName + " " + lastName;
        }
    }

    public record UnreadCount(long unread) {
    }
}
