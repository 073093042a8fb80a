package com.carerelay.messaging.directory;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import java.sql.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * messaging-service's local copy of the directory, kept from the compacted directory topic, so
 * sending keeps working while directory-service is down. Older versions never overwrite newer ones.
 */
@Component
public class DirectoryReplica {

    /** One person who can be messaged, as the replica knows them. */
    public record Entry(UUID id, UUID practiceId, PrincipalKind kind, String displayName, boolean active) {
    }

    /** The practice's switches. */
    public record PracticeSettings(UUID id, String name, boolean portalMessaging, boolean directMessaging) {
    }

    private static final String UPSERT_ENTRY = """
            insert into directory_entry (id, practice_id, kind, display_name, email, active, deleted, permissions, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set practice_id = excluded.practice_id, kind = excluded.kind,
                display_name = excluded.display_name, email = excluded.email, active = excluded.active,
                deleted = excluded.deleted, permissions = excluded.permissions, version = excluded.version
            where directory_entry.version < excluded.version""";
    private static final String UPSERT_PRACTICE = """
            insert into practice (id, name, portal_messaging_enabled, direct_messaging_enabled, deleted, version)
            values (?, ?, ?, ?, ?, ?)
            on conflict (id) do update set name = excluded.name,
                portal_messaging_enabled = excluded.portal_messaging_enabled,
                direct_messaging_enabled = excluded.direct_messaging_enabled, deleted = excluded.deleted,
                version = excluded.version
            where practice.version < excluded.version""";

    private final JdbcTemplate jdbc;

    public DirectoryReplica(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies a batch of directory changes (runs inside the consumer's transaction). */
    public void apply(List<EventEnvelope.Incoming> events) {
        List<DirectoryChanged> changes = events.stream().map(event -> event.payload(DirectoryChanged.class)).toList();
        List<DirectoryChanged> practices = changes.stream()
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.practice).toList();
        List<DirectoryChanged> people = changes.stream()
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.staff).toList();
        jdbc.batchUpdate(UPSERT_PRACTICE, practices, practices.size(), (statement, change) -> {
            DirectoryChanged.Practice practice = change.practice();
            statement.setObject(1, change.entityId());
            statement.setString(2, practice == null ? "" : practice.name());
            statement.setBoolean(3, practice != null && practice.portalMessagingEnabled());
            statement.setBoolean(4, practice != null && practice.directMessagingEnabled());
            statement.setBoolean(5, change.deleted());
            statement.setLong(6, change.version());
        });
        jdbc.batchUpdate(UPSERT_ENTRY, people, people.size(), (statement, change) -> {
            DirectoryChanged.Staff staff = change.staff();
            statement.setObject(1, change.entityId());
            statement.setObject(2, change.practiceId());
            statement.setString(3, PrincipalKind.staff.name());
            statement.setString(4, change.displayName() == null ? "" : change.displayName());
            statement.setString(5, staff == null ? null : staff.email());
            statement.setBoolean(6, staff != null && staff.active());
            statement.setBoolean(7, change.deleted());
            Array permissions = statement.getConnection().createArrayOf("text",
                    staff == null ? new Object[0] : staff.permissions().toArray());
            statement.setArray(8, permissions);
            statement.setLong(9, change.version());
        });
    }

    /** The practice's entries among {@code ids} (other practices' and deleted entries are simply absent). */
    public Map<UUID, Entry> find(UUID practiceId, PrincipalKind kind, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("""
                        select id, practice_id, kind, display_name, active from directory_entry
                        where practice_id = ? and kind = ? and not deleted and id = any (?)""",
                        (row, i) -> new Entry(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                                PrincipalKind.valueOf(row.getString("kind")), row.getString("display_name"),
                                row.getBoolean("active")),
                        practiceId, kind.name(), ids.toArray(UUID[]::new))
                .stream().collect(Collectors.toMap(Entry::id, Function.identity()));
    }

    public Optional<Entry> find(UUID practiceId, UUID id) {
        return jdbc.query("""
                        select id, practice_id, kind, display_name, active from directory_entry
                        where practice_id = ? and id = ? and not deleted""",
                (row, i) -> new Entry(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                        PrincipalKind.valueOf(row.getString("kind")), row.getString("display_name"),
                        row.getBoolean("active")), practiceId, id).stream().findFirst();
    }
}
