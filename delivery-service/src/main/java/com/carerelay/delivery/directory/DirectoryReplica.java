package com.carerelay.delivery.directory;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * delivery-service's local copy of the directory, kept from the compacted directory topic: who
 * wants which notices at which address, and each practice's name and sender address. Delivery reads
 * it at delivery time, so it keeps working while directory-service is down. Older versions never
 * overwrite newer ones.
 */
@Component
public class DirectoryReplica {

    /** One person as delivery needs them. */
    public record Entry(UUID id, UUID practiceId, PrincipalKind kind, String displayName, String email, boolean active,
                        DirectoryChanged.PortalStatus portalStatus, boolean emailNotifications,
                        boolean pushNotifications) {

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
                case client -> portalStatus == DirectoryChanged.PortalStatus.invited
                        || portalStatus == DirectoryChanged.PortalStatus.active;
                default -> false;
            };
        }
    }

    /** The practice as notices show it. */
    public record PracticeInfo(UUID id, String name, String senderEmail) {
    }

    private static final String UPSERT_ENTRY = """
            insert into directory_entry (id, practice_id, kind, display_name, email, active, portal_status,
                email_notifications, push_notifications, deleted, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set practice_id = excluded.practice_id, kind = excluded.kind,
                display_name = excluded.display_name, email = excluded.email, active = excluded.active,
                portal_status = excluded.portal_status, email_notifications = excluded.email_notifications,
                push_notifications = excluded.push_notifications, deleted = excluded.deleted, version = excluded.version
            where directory_entry.version < excluded.version""";
    private static final String UPSERT_PRACTICE = """
            insert into practice (id, name, sender_email, portal_messaging_enabled, direct_messaging_enabled, deleted, version)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set name = excluded.name, sender_email = excluded.sender_email,
                portal_messaging_enabled = excluded.portal_messaging_enabled,
                direct_messaging_enabled = excluded.direct_messaging_enabled, deleted = excluded.deleted,
                version = excluded.version
            where practice.version < excluded.version""";

    private final JdbcTemplate jdbc;

    public DirectoryReplica(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies a batch of directory changes (runs inside the consumer's transaction). Groups are not needed here. */
    public void apply(List<EventEnvelope.Incoming> events) {
        List<DirectoryChanged> changes = events.stream().map(event -> event.payload(DirectoryChanged.class)).toList();
        List<DirectoryChanged> practices = latest(changes.stream()
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.practice).toList());
        List<DirectoryChanged> people = latest(changes.stream()
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.staff
                        || change.entityKind() == DirectoryChanged.EntityKind.client).toList());
        jdbc.batchUpdate(UPSERT_PRACTICE, practices, practices.size(), (statement, change) -> {
            DirectoryChanged.Practice practice = change.practice();
            statement.setObject(1, change.entityId());
            statement.setString(2, practice == null || practice.name() == null ? "" : practice.name());
            statement.setString(3, practice == null ? null : practice.senderEmail());
            statement.setBoolean(4, practice != null && practice.portalMessagingEnabled());
            statement.setBoolean(5, practice != null && practice.directMessagingEnabled());
            statement.setBoolean(6, change.deleted());
            statement.setLong(7, change.version());
        });
        jdbc.batchUpdate(UPSERT_ENTRY, people, people.size(), (statement, change) -> {
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
        });
    }

    /** The entries among {@code ids}, deleted ones left out. */
    public Map<UUID, Entry> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("""
                        select id, practice_id, kind, display_name, email, active, portal_status, email_notifications,
                            push_notifications
                        from directory_entry where not deleted and id = any (?)""",
                        (row, i) -> new Entry(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                                PrincipalKind.valueOf(row.getString("kind")), row.getString("display_name"),
                                row.getString("email"), row.getBoolean("active"),
                                row.getString("portal_status") == null ? null
                                        : DirectoryChanged.PortalStatus.valueOf(row.getString("portal_status")),
                                row.getBoolean("email_notifications"), row.getBoolean("push_notifications")),
                        (Object) ids.toArray(UUID[]::new))
                .stream().collect(Collectors.toMap(Entry::id, Function.identity()));
    }

    /** The practices among {@code ids}, deleted ones left out. */
    public Map<UUID, PracticeInfo> practices(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("select id, name, sender_email from practice where not deleted and id = any (?)",
                        (row, i) -> new PracticeInfo(row.getObject("id", UUID.class), row.getString("name"),
                                row.getString("sender_email")),
                        (Object) ids.toArray(UUID[]::new))
                .stream().collect(Collectors.toMap(PracticeInfo::id, Function.identity()));
    }

    /** Keeps only the highest version per entity in the batch (a compacted topic may still hold several). */
    private static List<DirectoryChanged> latest(List<DirectoryChanged> changes) {
        return List.copyOf(changes.stream().collect(Collectors.toMap(DirectoryChanged::entityId, Function.identity(),
                (a, b) -> a.version() >= b.version() ? a : b, LinkedHashMap::new)).values());
    }
}
