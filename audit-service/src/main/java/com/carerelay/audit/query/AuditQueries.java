package com.carerelay.audit.query;

import com.carerelay.platform.security.Caller;
import com.carerelay.audit.directory.DirectoryReplica;
import com.carerelay.audit.log.AuditLog;
import com.carerelay.audit.log.NewEntry;
import com.carerelay.audit.log.StoredEntry;
import com.carerelay.platform.security.StaffPermissions;
import com.carerelay.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compliance queries over one subject's log (a client's or a staff member's): newest first, with a
 * cursor, within the caller's practice only, each query itself appended to the chain as an
 * {@code audit.queried} entry in the viewed subject's log (who looked at whose history, when).
 */
@Component
public class AuditQueries {

    public static final String PERMISSION = "audit:read";

    /** One page, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<EntryView> entries, String nextCursor) {
    }

    private final JdbcTemplate jdbc;
    private final DirectoryReplica directory;
    private final StaffPermissions staffPermissions;
    private final AuditLog log;
    private final int defaultLimit;
    private final int maxLimit;

    public AuditQueries(JdbcTemplate jdbc, DirectoryReplica directory, StaffPermissions staffPermissions, AuditLog log,
                        @Value("${carerelay.audit.query.default-limit}") int defaultLimit,
                        @Value("${carerelay.audit.query.max-limit}") int maxLimit) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.staffPermissions = staffPermissions;
        this.log = log;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    @Transactional
    public Page entries(Caller caller, String subjectKind, UUID subjectId, EntryFilter filter, String cursor,
                        Integer limit) {
        String callerName = requireAccess(caller, subjectKind, subjectId);
        int pageSize = limit == null ? defaultLimit : limit;
        if (pageSize < 1 || pageSize > maxLimit) {
            throw ApiException.badField("limit", "limit: must be between 1 and " + maxLimit + ".");
        }
        StringBuilder sql = new StringBuilder("select " + StoredEntry.COLUMNS
                + " from audit_entry where practice_id = ? and subject_id = ? and subject_kind = ?");
        List<Object> args = new ArrayList<>(List.of(caller.practiceId(), subjectId, subjectKind));
        filter.appendTo(sql, args);
        if (cursor != null && !cursor.isBlank()) {
            Cursor position = Cursor.decode(cursor);
            sql.append(" and (occurred_at, id) < (?, ?)");
            args.add(position.occurredAt().atOffset(ZoneOffset.UTC));
            args.add(position.id());
        }
        sql.append(" order by occurred_at desc, id desc limit ?");
        args.add(pageSize + 1);
        List<StoredEntry> rows = jdbc.query(sql.toString(), (row, i) -> StoredEntry.from(row), args.toArray());
        String next = null;
        if (rows.size() > pageSize) {
            rows = rows.subList(0, pageSize);
            StoredEntry last = rows.getLast();
            next = new Cursor(last.fields().occurredAt(), last.id()).encode();
        }
        record(caller, callerName, "audit.queried", subjectId, subjectKind,
                join(filter.describe(), cursor == null ? null : "page after cursor") + "; returned=" + rows.size());
        return new Page(rows.stream().map(EntryView::of).toList(), next);
    }

    /**
     * Refuses (403) a caller without {@code audit:read} in the token or in the directory replica (a staff
     * member deactivated or stripped of it is refused within the replica's lag, not when the token expires).
     */
    public void requireAuditor(Caller caller) {
        staffPermissions.require(caller, PERMISSION);
    }

    /**
     * Refuses a caller without {@code audit:read} (403) and a subject that is not a known client or staff
     * member of the caller's practice (404, whether it belongs to another practice or to none). Answers
     * the caller's display name (from the token, else the directory replica; null when neither knows it).
     */
    public String requireAccess(Caller caller, String subjectKind, UUID subjectId) {
        requireAuditor(caller);
        Map<UUID, DirectoryReplica.Person> people = directory.find(List.of(subjectId, caller.id()));
        DirectoryReplica.Person subject = people.get(subjectId);
        boolean known = subject != null && subject.practiceId().equals(caller.practiceId())
                && subject.kind().equals(subjectKind)
                || Boolean.TRUE.equals(jdbc.queryForObject("""
                        select exists (select 1 from audit_entry
                                       where practice_id = ? and subject_id = ? and subject_kind = ?)""",
                Boolean.class, caller.practiceId(), subjectId, subjectKind));
        if (!known) {
            throw ApiException.notFound("The " + subjectKind + " " + subjectId);
        }
        DirectoryReplica.Person self = people.get(caller.id());
        return caller.name() != null ? caller.name()
                : self != null && self.practiceId().equals(caller.practiceId()) ? self.displayName() : null;
    }

    /** Appends who accessed whose log, and how, to the chain (in the current transaction, else its own). */
    @Transactional
    public void recordAccess(Caller caller, String action, UUID subjectId, String subjectKind, String detail) {
        record(caller, caller.name(), action, subjectId, subjectKind, detail);
    }

    /**
     * Appends the caller's access. The name is the token's, else the replica's; a staff caller's role is
     * their directory roles as the replica holds them now.
     */
    private void record(Caller caller, String name, String action, UUID subjectId, String subjectKind, String detail) {
        DirectoryReplica.Person self = name != null && !caller.isStaff() ? null
                : directory.find(caller.practiceId(), caller.kind().name(), caller.id()).orElse(null);
        if (name == null && self != null) {
            name = self.displayName();
        }
        String role = caller.isStaff() && self != null ? self.role() : null;
        log.append(List.of(new NewEntry(caller.practiceId(), Instant.now(), caller.id(), caller.kind().name(), name,
                role, action, subjectId, subjectKind, null, null, NewEntry.SUCCESS, null, null, detail, null, null)));
    }

    private static String join(String first, String second) {
        if (first == null || first.isEmpty()) {
            return second == null ? "" : second;
        }
        return second == null ? first : first + "; " + second;
    }

    /** The position after the last entry of a page: its (occurred_at, id), opaque to clients. */
    record Cursor(Instant occurredAt, long id) {

        String encode() {
            long micros = occurredAt.getEpochSecond() * 1_000_000L + occurredAt.getNano() / 1_000;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
                long micros = Long.parseLong(parts[0]);
                return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L), Long.parseLong(parts[1]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ApiException.badField("cursor", "cursor: is not a cursor this API returned.");
            }
        }
    }
}
