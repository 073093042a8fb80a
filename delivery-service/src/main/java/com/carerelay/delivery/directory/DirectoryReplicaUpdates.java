package com.carerelay.delivery.directory;

import com.carerelay.events.Seal;
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
 * Keeps {@link DirectoryReplica} from the compacted directory topic (runs inside the consumer's
 * transaction): people, practices (webhook secrets kept sealed), DIRECT contacts and push subscriptions. Older versions never
 * overwrite newer ones. Groups are not needed here.
 */
@Component
public class DirectoryReplicaUpdates {

    private static final String UPSERT_ENTRY = """
            insert into directory_entry (id, practice_id, kind, display_name, email, active, portal_status,
                email_notifications, push_notifications, deleted, version, direct_address, direct_credentials_valid,
                direct_certificate_pem, direct_private_key_sealed, permissions)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set practice_id = excluded.practice_id, kind = excluded.kind,
                display_name = excluded.display_name, email = excluded.email, active = excluded.active,
                portal_status = excluded.portal_status, email_notifications = excluded.email_notifications,
                push_notifications = excluded.push_notifications, deleted = excluded.deleted, version = excluded.version,
                direct_address = excluded.direct_address, direct_credentials_valid = excluded.direct_credentials_valid,
                direct_certificate_pem = excluded.direct_certificate_pem,
                direct_private_key_sealed = excluded.direct_private_key_sealed, permissions = excluded.permissions
            where directory_entry.version < excluded.version""";
    private static final String UPSERT_PRACTICE = """
            insert into practice (id, name, sender_email, portal_messaging_enabled, direct_messaging_enabled, deleted, version,
                webhook_url, webhook_secrets_sealed, notice_subject, notice_sender_name)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set name = excluded.name, sender_email = excluded.sender_email,
                portal_messaging_enabled = excluded.portal_messaging_enabled,
                direct_messaging_enabled = excluded.direct_messaging_enabled, deleted = excluded.deleted,
                version = excluded.version, webhook_url = excluded.webhook_url, webhook_secrets_sealed = excluded.webhook_secrets_sealed,
                notice_subject = excluded.notice_subject, notice_sender_name = excluded.notice_sender_name,
                webhook_disabled_at = case when practice.webhook_url is distinct from excluded.webhook_url then null
                                           else practice.webhook_disabled_at end,
                webhook_disabled_reason = case when practice.webhook_url is distinct from excluded.webhook_url then null
                                               else practice.webhook_disabled_reason end
            where practice.version < excluded.version""";
    private static final String UPSERT_CONTACT = """
            insert into direct_contact (id, practice_id, name, organization, direct_address, certificate_pem, active,
                deleted, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set practice_id = excluded.practice_id, name = excluded.name,
                organization = excluded.organization, direct_address = excluded.direct_address,
                certificate_pem = excluded.certificate_pem, active = excluded.active, deleted = excluded.deleted,
                version = excluded.version
            where direct_contact.version < excluded.version""";

    private final JdbcTemplate jdbc;
    private final Seal seal;

    public DirectoryReplicaUpdates(JdbcTemplate jdbc, Seal seal) {
        this.jdbc = jdbc;
        this.seal = seal;
    }

    /**
     * The practice's webhook secrets as the replica keeps them: sealed. A record published before
     * directory-service sealed them carries them in clear; they are sealed here, so no clear secret
     * is ever stored.
     */
    private List<String> sealedSecrets(UUID practiceId, DirectoryChanged.Practice practice) {
        if (practice == null) {
            return List.of();
        }
        if (practice.webhookSecretsSealed() != null && !practice.webhookSecretsSealed().isEmpty()) {
            return practice.webhookSecretsSealed().stream().filter(secret -> secret != null && !secret.isBlank()).toList();
        }
        String binding = DirectoryChanged.Practice.webhookSecretBinding(practiceId);
        return practice.webhookSecrets() == null ? List.of() : practice.webhookSecrets().stream()
                .filter(secret -> secret != null && !secret.isBlank()).map(secret -> seal.seal(secret, binding)).toList();
    }

    /** Applies a batch of directory changes (runs inside the consumer's transaction). Groups are not needed here. */
    public void apply(List<EventEnvelope.Incoming> events) {
        List<DirectoryChanged> changes = events.stream().map(event -> event.payload(DirectoryChanged.class)).toList();
        List<DirectoryChanged> practices = latest(changes.stream()
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.practice).toList());
        List<DirectoryChanged> people = latest(changes.stream()
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.staff
                        || change.entityKind() == DirectoryChanged.EntityKind.client).toList());
        List<DirectoryChanged> contacts = latest(changes.stream()
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.direct_contact).toList());
        jdbc.batchUpdate(UPSERT_PRACTICE, practices, practices.size(), (statement, change) -> {
            DirectoryChanged.Practice practice = change.practice();
            statement.setObject(1, change.entityId());
            statement.setString(2, practice == null || practice.name() == null ? "" : practice.name());
            statement.setString(3, practice == null ? null : practice.senderEmail());
            statement.setBoolean(4, practice != null && practice.portalMessagingEnabled());
            statement.setBoolean(5, practice != null && practice.directMessagingEnabled());
            statement.setBoolean(6, change.deleted());
            statement.setLong(7, change.version());
            String url = practice == null || practice.webhookUrl() == null || practice.webhookUrl().isBlank() ? null
                    : practice.webhookUrl().strip();
            statement.setString(8, url);
            statement.setArray(9, statement.getConnection().createArrayOf("text",
                    sealedSecrets(change.entityId(), practice).toArray()));
            statement.setString(10, practice == null ? null : practice.noticeSubject());
            statement.setString(11, practice == null ? null : practice.noticeSenderName());
        });
        int[][] written = jdbc.batchUpdate(UPSERT_ENTRY, people, people.size(), (statement, change) -> {
            DirectoryChanged.Staff staff = change.staff();
            DirectoryChanged.Client client = change.client();
            boolean isStaff = change.entityKind() == DirectoryChanged.EntityKind.staff;
            statement.setObject(1, change.entityId());
            statement.setObject(2, change.practiceId());
            statement.setString(3, isStaff ? PrincipalKind.staff.name() : PrincipalKind.client.name());
            statement.setString(4, change.displayName() == null ? "" : change.displayName());
            statement.setString(5, isStaff ? (staff == null ? null : staff.email()) : (client == null ? null : client.email()));
            statement.setBoolean(6, isStaff ? staff != null && staff.active()
                    : client != null && client.portalStatus() != DirectoryChanged.PortalStatus.revoked);
            statement.setString(7, isStaff || client == null || client.portalStatus() == null ? null
                    : client.portalStatus().name());
            statement.setBoolean(8, isStaff ? staff != null && staff.emailNotifications()
                    : client != null && client.emailNotifications());
            statement.setBoolean(9, !isStaff && client != null && client.pushNotifications());
            statement.setBoolean(10, change.deleted());
            statement.setLong(11, change.version());
            boolean direct = isStaff && staff != null;
            statement.setString(12, direct ? staff.directAddress() : null);
            statement.setBoolean(13, direct && staff.directCredentialsValid());
            statement.setString(14, direct ? staff.directCertificatePem() : null);
            statement.setString(15, direct ? staff.directPrivateKeySealed() : null);
            if (isStaff && staff != null && staff.permissions() != null) {
                statement.setArray(16, statement.getConnection().createArrayOf("text", staff.permissions().toArray()));
            } else {
                statement.setNull(16, java.sql.Types.ARRAY);
            }
        });
        replacePushSubscriptions(people, written);
        jdbc.batchUpdate(UPSERT_CONTACT, contacts, contacts.size(), (statement, change) -> {
            DirectoryChanged.DirectContact contact = change.directContact();
            statement.setObject(1, change.entityId());
            statement.setObject(2, change.practiceId());
            statement.setString(3, contact == null || contact.name() == null ? "" : contact.name());
            statement.setString(4, contact == null ? null : contact.organization());
            statement.setString(5, contact == null ? null : contact.directAddress());
            statement.setString(6, contact == null ? null : contact.certificatePem());
            statement.setBoolean(7, contact != null && contact.active());
            statement.setBoolean(8, change.deleted());
            statement.setLong(9, change.version());
        });
    }

    /**
     * A client version that was applied (newer than the replica's) brings its whole list of push
     * subscriptions: it replaces the local one, including subscriptions a push service had reported
     * gone, so the directory's later word wins.
     */
    private void replacePushSubscriptions(List<DirectoryChanged> people, int[][] written) {
        List<DirectoryChanged> applied = new ArrayList<>();
        int i = 0;
        for (int[] batch : written) {
            for (int count : batch) {
                DirectoryChanged change = people.get(i++);
                if (count != 0 && change.entityKind() == DirectoryChanged.EntityKind.client) {
                    applied.add(change);
                }
            }
        }
        if (applied.isEmpty()) {
            return;
        }
        jdbc.update("delete from push_subscription where client_id = any (?)",
                (Object) applied.stream().map(DirectoryChanged::entityId).toArray(UUID[]::new));
        record Row(UUID clientId, DirectoryChanged.PushSubscription subscription) {
        }
        List<Row> rows = applied.stream()
                .filter(change -> !change.deleted() && change.client() != null && change.client().pushSubscriptions() != null)
                .flatMap(change -> change.client().pushSubscriptions().stream()
                        .filter(sub -> sub != null && sub.endpoint() != null && sub.p256dh() != null && sub.auth() != null)
                        .map(sub -> new Row(change.entityId(), sub)))
                .toList();
        jdbc.batchUpdate("""
                insert into push_subscription (client_id, endpoint, p256dh, auth) values (?, ?, ?, ?)
                on conflict (client_id, endpoint) do nothing""", rows, rows.size(), (statement, row) -> {
            statement.setObject(1, row.clientId());
            statement.setString(2, row.subscription().endpoint());
            statement.setString(3, row.subscription().p256dh());
            statement.setString(4, row.subscription().auth());
        });
    }

    private static List<DirectoryChanged> latest(List<DirectoryChanged> changes) {
        return List.copyOf(changes.stream().collect(Collectors.toMap(DirectoryChanged::entityId, Function.identity(),
                (a, b) -> a.version() >= b.version() ? a : b, LinkedHashMap::new)).values());
    }
}
