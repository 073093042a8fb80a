package com.carerelay.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Latest state of one directory entity, published to the compacted directory topic keyed by
 * the entity id. Consumers keep local replicas from it; {@code deleted} marks removal. Exactly one
 * of {@code practice}, {@code staff}, {@code client}, {@code group} is set, matching {@code entityKind}.
 */
public record DirectoryChanged(
        UUID entityId,
        EntityKind entityKind,
        UUID practiceId,
        long version,
        boolean deleted,
        Instant changedAt,
        Practice practice,
        Staff staff,
        Client client,
        Group group) {

    public static final String TYPE = "carerelay.directory.changed.v1";

    public enum EntityKind { practice, staff, client, group }

    public enum PortalStatus { not_invited, invited, active, revoked }

    public record Practice(String name, String senderEmail, boolean portalMessagingEnabled,
                           boolean directMessagingEnabled) {
    }

    public record Staff(String firstName, String lastName, String email, boolean active,
                        List<String> permissions, boolean emailNotifications) {
    }

    public record Client(String firstName, String lastName, String preferredName, String email,
                         PortalStatus portalStatus, boolean emailNotifications, boolean pushNotifications) {
    }

    public record Group(String name, List<UUID> memberIds) {
    }

    public static DirectoryChanged ofStaff(UUID staffId, UUID practiceId, long version, Staff staff) {
        return new DirectoryChanged(staffId, EntityKind.staff, practiceId, version, false, Instant.now(), null, staff,
                null, null);
    }

    public static DirectoryChanged ofClient(UUID clientId, UUID practiceId, long version, Client client) {
        return new DirectoryChanged(clientId, EntityKind.client, practiceId, version, false, Instant.now(), null, null,
                client, null);
    }

    public static DirectoryChanged ofPractice(UUID practiceId, long version, Practice practice) {
        return new DirectoryChanged(practiceId, EntityKind.practice, practiceId, version, false, Instant.now(), practice,
                null, null, null);
    }

    /** How the entity is shown: "First Last" for people, the name for practices and groups. */
    public String displayName() {
        return switch (entityKind) {
            case practice -> practice == null ? null : practice.name();
            case staff -> staff == null ? null : (staff.firstName() + " " + staff.lastName()).trim();
            case client -> client == null ? null : (client.firstName() + " " + client.lastName()).trim();
            case group -> group == null ? null : group.name();
        };
    }
}
