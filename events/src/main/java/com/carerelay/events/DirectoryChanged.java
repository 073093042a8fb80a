package com.carerelay.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Latest state of one directory entity, published to the compacted directory topic keyed by
 * the entity id. Consumers keep local replicas from it; {@code deleted} marks removal.
 */
public record DirectoryChanged(
        UUID entityId,
        EntityKind entityKind,
        UUID practiceId,
        long version,
        boolean deleted,
        Instant changedAt,
        Practice practice,
        Staff staff) {

    public static final String TYPE = "carerelay.directory.changed.v1";

    public enum EntityKind { practice, staff }

    public record Practice(String name, String senderEmail, boolean portalMessagingEnabled,
                           boolean directMessagingEnabled) {
    }

    public record Staff(String firstName, String lastName, String email, boolean active,
                        List<String> permissions, boolean emailNotifications) {
    }

    public String displayName() {
        return staff == null ? (practice == null ? null : practice.name())
                : (staff.firstName() + " " + staff.lastName()).trim();
    }
}
