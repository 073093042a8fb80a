package com.carerelay.audit.directory;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * audit-service's copy of the staff and clients of every practice, kept from the compacted
 * directory topic: it attributes entries (display names) and tells which ids belong to which
 * practice. Older versions never overwrite newer ones; deleted people stay, marked, because their
 * history stays.
 */
@Component
public class DirectoryReplica {

    /** A staff member or client as the replica knows them. */
    public record Person(UUID id, UUID practiceId, String kind, String displayName, boolean deleted) {
    }

    private static final String UPSERT = """
            insert into directory_person (id, practice_id, kind, display_name, deleted, version)
            values (?, ?, ?, ?, ?, ?)
            on conflict (id) do update set practice_id = excluded.practice_id, kind = excluded.kind,
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
        });
    }

    /** The people among {@code ids}, whatever their practice (the caller checks it). */
    public Map<UUID, Person> find(Collection<UUID> ids) {
        Map<UUID, Person> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.query("select id, practice_id, kind, display_name, deleted from directory_person where id = any (?::uuid[])",
                row -> {
                    Person person = new Person(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                            row.getString("kind"), row.getString("display_name"), row.getBoolean("deleted"));
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
