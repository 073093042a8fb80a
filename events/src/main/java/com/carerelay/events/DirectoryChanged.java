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
        Group group,
        DirectContact directContact) {

    public static final String TYPE = "carerelay.directory.changed.v1";

    public enum EntityKind { practice, staff, client, group, direct_contact }

    /** The 10-component form, for entities other than DIRECT contacts. */
    public DirectoryChanged(UUID entityId, EntityKind entityKind, UUID practiceId, long version, boolean deleted,
                            Instant changedAt, Practice practice, Staff staff, Client client, Group group) {
        this(entityId, entityKind, practiceId, version, deleted, changedAt, practice, staff, client, group, null);
    }

    public enum PortalStatus { not_invited, invited, active, revoked }

    /**
     * A practice's name, sender address and switches, its outgoing-message webhook, and how its e-mail
     * notices look.
     *
     * <p>{@code webhookSecretsSealed} are the active webhook signing secrets (newest first, two during
     * rotation, or none), each sealed with {@link Seal} bound to {@link #webhookSecretBinding}
     * of the practice id, so only directory-service and delivery-service can open them. {@code webhookSecrets}
     * is the clear form records published before sealing carried; it is no longer published (empty),
     * consumers still accept it from older records on the compacted topic.
     *
     * <p>{@code noticeSubject} and {@code noticeSenderName} are the subject and sender display name of the
     * practice's e-mail notices; null means the neutral default (never the practice's name).
     */
    public record Practice(String name, String senderEmail, boolean portalMessagingEnabled,
                           boolean directMessagingEnabled, String webhookUrl, List<String> webhookSecrets,
                           List<String> webhookSecretsSealed, String noticeSubject, String noticeSenderName) {

        public Practice(String name, String senderEmail, boolean portalMessagingEnabled, boolean directMessagingEnabled) {
            this(name, senderEmail, portalMessagingEnabled, directMessagingEnabled, null, List.of(), List.of(), null, null);
        }

        /** The form of records published before secrets were sealed: {@code webhookSecrets} in clear. */
        public Practice(String name, String senderEmail, boolean portalMessagingEnabled, boolean directMessagingEnabled,
                        String webhookUrl, List<String> webhookSecrets) {
            this(name, senderEmail, portalMessagingEnabled, directMessagingEnabled, webhookUrl, webhookSecrets, List.of(),
                    null, null);
        }

        /** What a webhook secret of this practice is sealed to: it cannot be replayed onto another practice or a staff key. */
        public static String webhookSecretBinding(UUID practiceId) {
            return "webhook-secret:" + practiceId;
        }
    }

    /**
     * A staff member. {@code directAddress} and {@code directCredentialsValid} say whether they may
     * send over DIRECT (their signing credentials were validated by directory-service). When valid,
     * {@code directCertificatePem} is their signing certificate and {@code directPrivateKeySealed} their
     * private key (PKCS#8 PEM) sealed with {@link com.carerelay.events.Seal}, which only
     * directory-service and delivery-service can open. {@code roles} are the directory roles that
     * grant {@code permissions} (audit records them as the actor's role at the time).
     */
    public record Staff(String firstName, String lastName, String email, boolean active,
                        List<String> permissions, boolean emailNotifications, String directAddress,
                        boolean directCredentialsValid, String directCertificatePem, String directPrivateKeySealed,
                        List<String> roles) {

        public Staff(String firstName, String lastName, String email, boolean active, List<String> permissions,
                     boolean emailNotifications, String directAddress, boolean directCredentialsValid,
                     String directCertificatePem, String directPrivateKeySealed) {
            this(firstName, lastName, email, active, permissions, emailNotifications, directAddress,
                    directCredentialsValid, directCertificatePem, directPrivateKeySealed, null);
        }

        public Staff(String firstName, String lastName, String email, boolean active, List<String> permissions,
                     boolean emailNotifications) {
            this(firstName, lastName, email, active, permissions, emailNotifications, null, false, null, null);
        }

        public Staff(String firstName, String lastName, String email, boolean active, List<String> permissions,
                     boolean emailNotifications, String directAddress, boolean directCredentialsValid) {
            this(firstName, lastName, email, active, permissions, emailNotifications, directAddress,
                    directCredentialsValid, null, null);
        }
    }

    /** A DIRECT contact: a provider at another organization, reached by secure health e-mail. */
    public record DirectContact(String name, String organization, String directAddress, String certificatePem,
                                boolean active) {
    }

    /** A client, with their portal invitation, notification preferences and web push subscriptions. */
    public record Client(String firstName, String lastName, String preferredName, String email,
                         PortalStatus portalStatus, boolean emailNotifications, boolean pushNotifications,
                         List<PushSubscription> pushSubscriptions) {

        public Client(String firstName, String lastName, String preferredName, String email, PortalStatus portalStatus,
                      boolean emailNotifications, boolean pushNotifications) {
            this(firstName, lastName, preferredName, email, portalStatus, emailNotifications, pushNotifications, List.of());
        }
    }

    /** A browser's Web Push subscription (RFC 8030 endpoint, RFC 8291 keys, base64url). */
    public record PushSubscription(String endpoint, String p256dh, String auth) {
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
            case direct_contact -> directContact == null ? null : directContact.name();
        };
    }
}
