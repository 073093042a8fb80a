package com.carerelay.messaging.directory;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * messaging-service's local copy of the directory, kept from the compacted directory topic, so
 * sending keeps working while directory-service is down. Older versions never overwrite newer ones.
 * <p>
 * What every send reads (the sending context and entries by id) is cached for a short time
 * ({@link ReplicaCacheProperties}), so a send costs no replica query in the steady state; applying a
 * directory change clears the cache, before and again after its transaction commits.
 */
@Component
@EnableConfigurationProperties(ReplicaCacheProperties.class)
public class DirectoryReplica {

    /** Someone (or a group) who can be messaged, as the replica knows them. */
    public record Entry(UUID id, UUID practiceId, String kind, String displayName, boolean active, String firstName,
                        String lastName, String preferredName, String portalStatus, String directAddress,
                        boolean directCredentialsValid, List<String> roles, List<String> permissions) {

        public PrincipalKind principalKind() {
            return PrincipalKind.valueOf(kind);
        }

        /** Whether the directory (not only a token issued earlier) grants this staff member the permission. */
        public boolean grants(String permission) {
            return permissions != null && permissions.contains(permission);
        }
    }

    /** The practice's name and switches. */
    public record PracticeSettings(UUID id, String name, boolean portalMessaging, boolean directMessaging) {
    }

    /** What a send needs to know about where it comes from: the practice (switches off if unknown) and the sender. */
    public record SendingContext(PracticeSettings practice, Optional<Entry> sender) {
    }

    private static final String COLUMNS = "id, practice_id, kind, display_name, active, first_name, last_name,"
            + " preferred_name, portal_status, direct_address, direct_credentials_valid, roles, permissions";

    private static final String ENTRY_COLUMNS = Arrays.stream(COLUMNS.split(", ")).map(column -> "e." + column)
            .collect(Collectors.joining(", "));

    private static final String UPSERT_ENTRY = """
            insert into directory_entry (id, practice_id, kind, display_name, email, active, deleted, permissions, version,
                first_name, last_name, preferred_name, portal_status, direct_address, direct_credentials_valid, roles)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set practice_id = excluded.practice_id, kind = excluded.kind,
                display_name = excluded.display_name, email = excluded.email, active = excluded.active,
                deleted = excluded.deleted, permissions = excluded.permissions, version = excluded.version,
                first_name = excluded.first_name, last_name = excluded.last_name,
                preferred_name = excluded.preferred_name, portal_status = excluded.portal_status,
                direct_address = excluded.direct_address, direct_credentials_valid = excluded.direct_credentials_valid,
                roles = excluded.roles
            where directory_entry.version < excluded.version""";
    private static final String UPSERT_PRACTICE = """
            insert into practice (id, name, portal_messaging_enabled, direct_messaging_enabled, deleted, version)
            values (?, ?, ?, ?, ?, ?)
            on conflict (id) do update set name = excluded.name,
                portal_messaging_enabled = excluded.portal_messaging_enabled,
                direct_messaging_enabled = excluded.direct_messaging_enabled, deleted = excluded.deleted,
                version = excluded.version
            where practice.version < excluded.version""";

    private record EntryKey(UUID practiceId, String kind, UUID id) {
    }

    private record ContextKey(UUID practiceId, UUID senderId) {
    }

    private final JdbcTemplate jdbc;
    private final Cache<EntryKey, Optional<Entry>> entries;
    private final Cache<ContextKey, SendingContext> contexts;

    public DirectoryReplica(JdbcTemplate jdbc, ReplicaCacheProperties cache) {
        this.jdbc = jdbc;
        this.entries = Caffeine.newBuilder().expireAfterWrite(cache.ttl()).maximumSize(cache.maxEntries()).build();
        this.contexts = Caffeine.newBuilder().expireAfterWrite(cache.ttl()).maximumSize(cache.maxEntries()).build();
    }

    /** Applies a batch of directory changes (runs inside the consumer's transaction). */
    public void apply(List<EventEnvelope.Incoming> events) {
        forgetCached();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgetCached(); // a send that read between the first clear and the commit cached the old state
                }
            });
        }
        List<DirectoryChanged> changes = events.stream().map(event -> event.payload(DirectoryChanged.class)).toList();
        List<DirectoryChanged> practices = changes.stream()
                .filter(change -> change.entityKind() == DirectoryChanged.EntityKind.practice).toList();
        List<DirectoryChanged> entries = changes.stream()
                .filter(change -> change.entityKind() != DirectoryChanged.EntityKind.practice).toList();
        jdbc.batchUpdate(UPSERT_PRACTICE, practices, practices.size(), (statement, change) -> {
            DirectoryChanged.Practice practice = change.practice();
            statement.setObject(1, change.entityId());
            statement.setString(2, practice == null ? "" : practice.name());
            statement.setBoolean(3, practice != null && practice.portalMessagingEnabled());
            statement.setBoolean(4, practice != null && practice.directMessagingEnabled());
            statement.setBoolean(5, change.deleted());
            statement.setLong(6, change.version());
        });
        int[][] applied = jdbc.batchUpdate(UPSERT_ENTRY, entries, entries.size(), (statement, change) -> {
            DirectoryChanged.Staff staff = change.staff();
            DirectoryChanged.Client client = change.client();
            DirectoryChanged.DirectContact contact = change.directContact();
            boolean active = switch (change.entityKind()) {
                case staff -> staff != null && staff.active();
                case client -> client != null && client.portalStatus() != DirectoryChanged.PortalStatus.revoked;
                case direct_contact -> contact != null && contact.active();
                default -> true;
            };
            statement.setObject(1, change.entityId());
            statement.setObject(2, change.practiceId());
            statement.setString(3, change.entityKind().name());
            statement.setString(4, change.displayName() == null ? "" : change.displayName());
            statement.setString(5, staff != null ? staff.email() : client != null ? client.email() : null);
            statement.setBoolean(6, active);
            statement.setBoolean(7, change.deleted());
            Array permissions = statement.getConnection().createArrayOf("text",
                    staff == null ? new Object[0] : staff.permissions().toArray());
            statement.setArray(8, permissions);
            statement.setLong(9, change.version());
            statement.setString(10, staff != null ? staff.firstName() : client != null ? client.firstName() : null);
            statement.setString(11, staff != null ? staff.lastName() : client != null ? client.lastName() : null);
            statement.setString(12, client != null ? client.preferredName() : null);
            statement.setString(13, client != null && client.portalStatus() != null ? client.portalStatus().name() : null);
            statement.setString(14, staff != null ? staff.directAddress() : contact != null ? contact.directAddress() : null);
            statement.setBoolean(15, staff != null && staff.directCredentialsValid());
            statement.setArray(16, staff == null || staff.roles() == null ? null
                    : statement.getConnection().createArrayOf("text", staff.roles().toArray()));
        });
        replaceGroupMembers(entries, applied);
    }

    /** Group membership follows the latest applied version of each group. */
    private void replaceGroupMembers(List<DirectoryChanged> entries, int[][] applied) {
        int index = 0;
        for (int[] chunk : applied) {
            for (int count : chunk) {
                DirectoryChanged change = entries.get(index++);
                if (count > 0 && change.entityKind() == DirectoryChanged.EntityKind.group) {
                    jdbc.update("delete from group_member where group_id = ?", change.entityId());
                    List<UUID> members = change.deleted() || change.group() == null ? List.of() : change.group().memberIds();
                    jdbc.batchUpdate("insert into group_member (group_id, staff_id) values (?, ?)", members,
                            members.size(), (statement, member) -> {
                                statement.setObject(1, change.entityId());
                                statement.setObject(2, member);
                            });
                }
            }
        }
    }

    /** The practice's entries of one kind among {@code ids} (other practices' and deleted entries are absent). */
    public Map<UUID, Entry> find(UUID practiceId, PrincipalKind kind, Collection<UUID> ids) {
        return find(practiceId, kind.name(), ids);
    }

    public Map<UUID, Entry> find(UUID practiceId, String kind, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<EntryKey> keys = ids.stream().map(id -> new EntryKey(practiceId, kind, id)).toList();
        Map<UUID, Entry> found = new LinkedHashMap<>();
        entries.getAll(keys, this::load).forEach((key, entry) -> entry.ifPresent(value -> found.put(key.id(), value)));
        return found;
    }

    /** Loads the missing keys (all of one practice and kind) in one query; an id not found is cached as absent. */
    private Map<EntryKey, Optional<Entry>> load(Set<? extends EntryKey> missing) {
        EntryKey any = missing.iterator().next();
        Map<EntryKey, Optional<Entry>> loaded = new HashMap<>();
        missing.forEach(key -> loaded.put(key, Optional.empty()));
        jdbc.query("select " + COLUMNS + " from directory_entry"
                                + " where practice_id = ? and kind = ? and not deleted and id = any (?)",
                        DirectoryReplica::entry, any.practiceId(), any.kind(),
                        missing.stream().map(EntryKey::id).toArray(UUID[]::new))
                .forEach(entry -> loaded.put(new EntryKey(any.practiceId(), any.kind(), entry.id()), Optional.of(entry)));
        return loaded;
    }

    private void forgetCached() {
        entries.invalidateAll();
        contexts.invalidateAll();
    }

    public Optional<Entry> find(UUID practiceId, UUID id) {
        return jdbc.query("select " + COLUMNS + " from directory_entry where practice_id = ? and id = ? and not deleted",
                DirectoryReplica::entry, practiceId, id).stream().findFirst();
    }

    /** DIRECT contacts of the practice by address (case-insensitive). */
    public Map<String, Entry> directContactsByAddress(UUID practiceId, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("select " + COLUMNS + " from directory_entry where practice_id = ? and kind = 'direct_contact'"
                                + " and not deleted and lower(direct_address) = any (?)", DirectoryReplica::entry,
                        practiceId, addresses.stream().map(String::toLowerCase).toArray(String[]::new))
                .stream().collect(Collectors.toMap(entry -> entry.directAddress().toLowerCase(), Function.identity(),
                        (first, second) -> first));
    }

    /** The active staff members of the given groups, per group. */
    public Map<UUID, List<Entry>> activeGroupMembers(UUID practiceId, Collection<UUID> groupIds) {
        if (groupIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.query("select m.group_id, " + ENTRY_COLUMNS
                                + " from group_member m join directory_entry e on e.id = m.staff_id"
                                + " where m.group_id = any (?) and e.practice_id = ? and e.kind = 'staff'"
                                + " and e.active and not e.deleted order by e.display_name",
                        (row, i) -> Map.entry(row.getObject("group_id", UUID.class), entry(row, i)),
                        groupIds.toArray(UUID[]::new), practiceId)
                .stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /** The practice's settings and the sender's own entry, in one round trip. */
    public SendingContext sendingContext(UUID practiceId, UUID senderId) {
        return contexts.get(new ContextKey(practiceId, senderId), key -> loadSendingContext(practiceId, senderId));
    }

    private SendingContext loadSendingContext(UUID practiceId, UUID senderId) {
        return jdbc.queryForObject("select p.id as known_practice, p.name as practice_name,"
                        + " p.portal_messaging_enabled, p.direct_messaging_enabled, " + ENTRY_COLUMNS
                        + " from (select 1) as one"
                        + " left join practice p on p.id = ? and not p.deleted"
                        + " left join directory_entry e on e.id = ? and e.practice_id = ? and not e.deleted",
                (row, i) -> new SendingContext(
                        row.getObject("known_practice") == null
                                ? new PracticeSettings(practiceId, "", false, false)
                                : new PracticeSettings(practiceId, row.getString("practice_name"),
                                row.getBoolean("portal_messaging_enabled"), row.getBoolean("direct_messaging_enabled")),
                        row.getObject("id") == null ? Optional.empty() : Optional.of(entry(row, i))),
                practiceId, senderId, practiceId);
    }

    public Optional<PracticeSettings> practice(UUID practiceId) {
        return jdbc.query("select id, name, portal_messaging_enabled, direct_messaging_enabled from practice"
                        + " where id = ? and not deleted",
                (row, i) -> new PracticeSettings(row.getObject("id", UUID.class), row.getString("name"),
                        row.getBoolean("portal_messaging_enabled"), row.getBoolean("direct_messaging_enabled")),
                practiceId).stream().findFirst();
    }

    private static List<String> texts(Array texts) throws SQLException {
        return texts == null ? null : List.of((String[]) texts.getArray());
    }

    private static Entry entry(ResultSet row, int rowNumber) throws SQLException {
        return new Entry(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                row.getString("kind"), row.getString("display_name"), row.getBoolean("active"),
                row.getString("first_name"), row.getString("last_name"), row.getString("preferred_name"),
                row.getString("portal_status"), row.getString("direct_address"),
                row.getBoolean("direct_credentials_valid"), texts(row.getArray("roles")), texts(row.getArray("permissions")));
    }
}
