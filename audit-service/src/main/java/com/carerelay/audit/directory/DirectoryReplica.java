package com.carerelay.audit.directory;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import java.sql.Array;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * audit-service's copy of the staff and clients of every practice, kept from the compacted
 * directory topic: it attributes entries (display names, staff roles) and tells which ids belong to which
 * practice. Older versions never overwrite newer ones; deleted people stay, marked, because their
 * history stays.
 */
@Component
public class DirectoryReplica {

    /**
     * A staff member or client as the replica knows them. {@code roles} are a staff member's current
     * directory roles, sorted and distinct (null for clients and for staff published before roles were
     * carried).
     */
    public record Person(UUID id, UUID practiceId, String kind, String displayName, boolean deleted,
                         List<String> roles) {

        /** The roles as an entry records them: sorted, comma-joined; null when none are known. */
        public String role() {
            return DirectoryReplica.role(roles);
        }
    }

    /** Roles as an entry records them: sorted, distinct, comma-joined; null when null or empty. */
    public static String role(Collection<String> roles) {
        List<String> sorted = normalized(roles);
        return sorted == null || sorted.isEmpty() ? null : String.join(",", sorted);
    }

    private static List<String> normalized(Collection<String> roles) {
        return roles == null ? null
                : roles.stream().filter(Objects::nonNull).map(String::trim).filter(role -> !role.isEmpty())
                        .distinct().sorted().toList();
    }

    private static final String UPSERT = """
            insert into directory_person (id, practice_id, kind, display_name, deleted, version, roles, active, permissions)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set practice_id = excluded.practice_id, kind = excluded.kind,
                roles = excluded.roles, active = excluded.active, permissions = excluded.permissions,
                display_name = case when excluded.display_name = '' then directory_person.display_name
                                    else excluded.display_name end,
                deleted = excluded.deleted, version = excluded.version
            where directory_person.version < excluded.version""";

    private final JdbcTemplate jdbc;

    public DirectoryReplica(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies a batch of directory changes (inside the consumer's transaction); practices and groups are not needed here. */
    public void apply(List<EventEnvelope.Incoming> events) {
        List<DirectoryChanged> people = events.stream().map(event -> event.payload(DirectoryChanged.class))
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.staff
                        || change.entityKind() == DirectoryChanged.EntityKind.client)
                .toList();
        for (DirectoryChanged change : people) {
            if (change.entityId() == null || change.practiceId() == null) {
                throw new IllegalArgumentException("directory change without entityId or practiceId");
            }
        }
        jdbc.batchUpdate(UPSERT, people, people.size(), (statement, change) -> {
            statement.setObject(1, change.entityId());
            statement.setObject(2, change.practiceId());
            statement.setString(3, change.entityKind().name());
            String name = change.displayName();
            statement.setString(4, name == null ? "" : name);
            statement.setBoolean(5, change.deleted());
            statement.setLong(6, change.version());
            List<String> roles = change.entityKind() == DirectoryChanged.EntityKind.staff && change.staff() != null
                    ? normalized(change.staff().roles()) : null;
            if (roles == null) {
                statement.setNull(7, Types.ARRAY);
            } else {
                statement.setArray(7, statement.getConnection().createArrayOf("text", roles.toArray()));
            }
            DirectoryChanged.Staff staff = change.entityKind() == DirectoryChanged.EntityKind.staff ? change.staff() : null;
            statement.setBoolean(8, staff == null || staff.active());
            if (staff == null || staff.permissions() == null) {
                statement.setNull(9, Types.ARRAY);
            } else {
                statement.setArray(9, statement.getConnection().createArrayOf("text", staff.permissions().toArray()));
            }
        });
    }

    /** The people among {@code ids}, whatever their practice (the caller checks it). */
    public Map<UUID, Person> find(Collection<UUID> ids) {
        Map<UUID, Person> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.query("select id, practice_id, kind, display_name, deleted, roles from directory_person"
                        + " where id = any (?::uuid[])",
                row -> {
                    Array roles = row.getArray("roles");
                    Person person = new Person(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                            row.getString("kind"), row.getString("display_name"), row.getBoolean("deleted"),
                            roles == null ? null : List.of((String[]) roles.getArray()));
                    found.put(person.id(), person);
                }, (Object) ids.toArray(UUID[]::new));
        return found;
    }

    /** The practice's staff member or client with this id, deleted ones included (their history stays readable). */
    public Optional<Person> find(UUID practiceId, String kind, UUID id) {
        return find(List.of(id)).values().stream()
                .filter(person -> person.practiceId().equals(practiceId) && person.kind().equals(kind))
                .findFirst();
    }
}
