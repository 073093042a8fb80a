package com.carerelay.delivery.directory;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * delivery-service's local copy of the directory, kept from the compacted directory topic: who
 * wants which notices at which address (e-mail, web push subscriptions), staff DIRECT identities,
 * DIRECT contacts with their certificates, and each practice's name, sender address, switches and
 * webhook and notice settings. Delivery reads it at delivery time, so it keeps working while directory-service is down.
 * Older versions never overwrite newer ones.
 */
@Component
public class DirectoryReplica {

    /** One person as delivery needs them; {@code pushSubscriptions} counts the live ones. */
    public record Entry(UUID id, UUID practiceId, PrincipalKind kind, String displayName, String email, boolean active,
                        DirectoryChanged.PortalStatus portalStatus, boolean emailNotifications,
                        boolean pushNotifications, int pushSubscriptions) {

        public Entry(UUID id, UUID practiceId, PrincipalKind kind, String displayName, String email, boolean active,
                     DirectoryChanged.PortalStatus portalStatus, boolean emailNotifications, boolean pushNotifications) {
            this(id, practiceId, kind, displayName, email, active, portalStatus, emailNotifications, pushNotifications, 0);
        }

        /**
         * Whether this person gets an e-mail notice: staff who are active and opted in; clients who
         * opted in and whose portal invitation is not revoked (the notice links to the portal).
         */
        public boolean wantsEmailNotice() {
            if (!emailNotifications || email == null || email.isBlank()) {
                return false;
            }
            return switch (kind) {
                case staff -> active;
                case client -> portalOpen();
                default -> false;
            };
        }

        /** Whether this person gets web push: clients who opted in, with the portal open to them and a live subscription. */
        public boolean wantsPush() {
            return kind == PrincipalKind.client && pushNotifications && pushSubscriptions > 0 && portalOpen();
        }

        /** Whether a live stream of this person may stay open: active staff; clients with the portal open to them. */
        public boolean mayStayConnected() {
            return switch (kind) {
                case staff -> active;
                case client -> portalOpen();
                default -> false;
            };
        }

        private boolean portalOpen() {
            return portalStatus == DirectoryChanged.PortalStatus.invited
                    || portalStatus == DirectoryChanged.PortalStatus.active;
        }
    }

    /**
     * The practice as notices show it, its switches, its webhook: URL, active secrets (sealed, opened only
     * to sign) and whether a 410 from the endpoint disabled it here; and its e-mail notice subject and
     * sender display name (null: the neutral defaults).
     */
    public record PracticeInfo(UUID id, String name, String senderEmail, boolean portalMessagingEnabled,
                               boolean directMessagingEnabled, String webhookUrl, List<String> webhookSecretsSealed,
                               boolean webhookDisabled, String noticeSubject, String noticeSenderName) {

        public PracticeInfo(UUID id, String name, String senderEmail) {
            this(id, name, senderEmail, false, false, null, List.of(), false, null, null);
        }

        public PracticeInfo(UUID id, String name, String senderEmail, boolean portalMessagingEnabled,
                            boolean directMessagingEnabled, String webhookUrl, List<String> webhookSecretsSealed,
                            boolean webhookDisabled) {
            this(id, name, senderEmail, portalMessagingEnabled, directMessagingEnabled, webhookUrl, webhookSecretsSealed,
                    webhookDisabled, null, null);
        }

        /** Whether client messages go to the practice's webhook: a URL, at least one secret, not disabled by a 410. */
        public boolean webhookActive() {
            return webhookUrl != null && !webhookUrl.isBlank() && !webhookSecretsSealed.isEmpty() && !webhookDisabled;
        }
    }

    /** A DIRECT contact: where messages go and the certificate they are encrypted to. */
    public record Contact(UUID id, UUID practiceId, String name, String directAddress, String certificatePem,
                          boolean active) {
    }

    /** A staff member's DIRECT identity: address, certificate and sealed private key (usable only when valid). */
    public record DirectSender(UUID id, UUID practiceId, String directAddress, boolean credentialsValid,
                               String certificatePem, String privateKeySealed) {
    }

    /** One web push subscription of a client that no push service has reported gone. */
    public record PushSubscription(long id, UUID clientId, String endpoint, String p256dh, String auth) {
    }

    private final JdbcTemplate jdbc;

    public DirectoryReplica(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The entries among {@code ids}, deleted ones left out. */
    public Map<UUID, Entry> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("""
                        select id, practice_id, kind, display_name, email, active, portal_status, email_notifications,
                            push_notifications, (select count(*) from push_subscription s
                                                 where s.client_id = directory_entry.id and s.gone_at is null) as pushes
                        from directory_entry where not deleted and id = any (?)""",
                        (row, i) -> new Entry(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                                PrincipalKind.valueOf(row.getString("kind")), row.getString("display_name"),
                                row.getString("email"), row.getBoolean("active"),
                                row.getString("portal_status") == null ? null
                                        : DirectoryChanged.PortalStatus.valueOf(row.getString("portal_status")),
                                row.getBoolean("email_notifications"), row.getBoolean("push_notifications"),
                                row.getInt("pushes")),
                        (Object) ids.toArray(UUID[]::new))
                .stream().collect(Collectors.toMap(Entry::id, Function.identity()));
    }

    /** The practices among {@code ids}, deleted ones left out. */
    public Map<UUID, PracticeInfo> practices(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("""
                        select id, name, sender_email, portal_messaging_enabled, direct_messaging_enabled, webhook_url,
                            webhook_secrets_sealed, webhook_disabled_at is not null as webhook_disabled, notice_subject,
                            notice_sender_name
                        from practice where not deleted and id = any (?)""",
                        (row, i) -> new PracticeInfo(row.getObject("id", UUID.class), row.getString("name"),
                                row.getString("sender_email"), row.getBoolean("portal_messaging_enabled"),
                                row.getBoolean("direct_messaging_enabled"), row.getString("webhook_url"),
                                List.of((String[]) row.getArray("webhook_secrets_sealed").getArray()),
                                row.getBoolean("webhook_disabled"), row.getString("notice_subject"),
                                row.getString("notice_sender_name")),
                        (Object) ids.toArray(UUID[]::new))
                .stream().collect(Collectors.toMap(PracticeInfo::id, Function.identity()));
    }

    /** The DIRECT contacts among {@code ids}, deleted ones left out. */
    public Map<UUID, Contact> contacts(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("""
                        select id, practice_id, name, direct_address, certificate_pem, active
                        from direct_contact where not deleted and id = any (?)""",
                        (row, i) -> new Contact(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                                row.getString("name"), row.getString("direct_address"), row.getString("certificate_pem"),
                                row.getBoolean("active")),
                        (Object) ids.toArray(UUID[]::new))
                .stream().collect(Collectors.toMap(Contact::id, Function.identity()));
    }

    /** The DIRECT identities of the staff among {@code ids}, deleted ones left out. */
    public Map<UUID, DirectSender> directSenders(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("""
                        select id, practice_id, direct_address, direct_credentials_valid, direct_certificate_pem,
                            direct_private_key_sealed
                        from directory_entry where not deleted and kind = 'staff' and id = any (?)""",
                        (row, i) -> new DirectSender(row.getObject("id", UUID.class),
                                row.getObject("practice_id", UUID.class), row.getString("direct_address"),
                                row.getBoolean("direct_credentials_valid"), row.getString("direct_certificate_pem"),
                                row.getString("direct_private_key_sealed")),
                        (Object) ids.toArray(UUID[]::new))
                .stream().collect(Collectors.toMap(DirectSender::id, Function.identity()));
    }

    /** The staff member whose DIRECT address this is (MDNs addressed to them come back encrypted to their key). */
    public Optional<DirectSender> directSenderByAddress(String address) {
        List<UUID> ids = jdbc.queryForList("""
                select id from directory_entry where not deleted and kind = 'staff' and lower(direct_address) = lower(?)""",
                UUID.class, address);
        return ids.isEmpty() ? Optional.empty() : Optional.ofNullable(directSenders(ids).get(ids.getFirst()));
    }

    /** The live push subscriptions of these clients. */
    public Map<UUID, List<PushSubscription>> pushSubscriptions(Collection<UUID> clientIds) {
        if (clientIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("""
                        select id, client_id, endpoint, p256dh, auth from push_subscription
                        where gone_at is null and client_id = any (?) order by id""",
                        (row, i) -> new PushSubscription(row.getLong("id"), row.getObject("client_id", UUID.class),
                                row.getString("endpoint"), row.getString("p256dh"), row.getString("auth")),
                        (Object) clientIds.toArray(UUID[]::new))
                .stream().collect(Collectors.groupingBy(PushSubscription::clientId));
    }

    /** The push service said this subscription no longer exists (404/410): no more pushes to it until the directory lists it again. */
    public void pushSubscriptionGone(long subscriptionId, int status) {
        jdbc.update("update push_subscription set gone_at = now(), gone_status = ? where id = ? and gone_at is null",
                status, subscriptionId);
    }

    /** The endpoint answered 410 Gone: client messages stop going to this URL until the directory configures another. */
    public void disableWebhook(UUID practiceId, String url, String reason) {
        jdbc.update("""
                update practice set webhook_disabled_at = now(), webhook_disabled_reason = ?
                where id = ? and webhook_url = ? and webhook_disabled_at is null""", reason, practiceId, url);
    }
}
