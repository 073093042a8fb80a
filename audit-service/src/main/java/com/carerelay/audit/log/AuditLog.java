package com.carerelay.audit.log;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends entries to the per-practice hash chains, inside the caller's transaction: locks the heads
 * of the practices involved (sorted by practice id, so concurrent appenders never deadlock),
 * computes each entry's sequence number and hash in order, inserts all entries in one JDBC batch and
 * moves the heads. The application never updates or deletes an entry.
 */
@Component
public class AuditLog {

    /**
     * Creates missing heads and locks all of them in one round trip: the no-op DO UPDATE takes the row
     * lock and RETURNING answers the head as it is. Rows are proposed in practice id order, so two
     * appenders lock overlapping practices in the same order.
     */
    private static final String LOCK_HEADS = """
            insert into chain_head (practice_id, last_seq, last_hash)
            select practice_id, 0, ? from unnest(?::uuid[]) as practice_id order by practice_id
            on conflict (practice_id) do update set last_seq = chain_head.last_seq
            returning practice_id, last_seq, last_hash""";
    private static final String INSERT = """
            insert into audit_entry (practice_id, chain_seq, occurred_at, recorded_at, actor_id, actor_kind, actor_name,
                action, subject_id, subject_kind, message_id, channel, outcome, reason, content_sha256, detail,
                event_id, event_type, prev_hash, hash, actor_role, canonical_version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String MOVE_HEAD = "update chain_head set last_seq = ?, last_hash = ? where practice_id = ?";

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final class Head {
        long seq;
        byte[] hash;

        Head(long seq, byte[] hash) {
            this.seq = seq;
            this.hash = hash;
        }
    }

    private record Row(EntryHash.Fields fields, byte[] previousHash, byte[] hash) {
    }

    /** Appends the entries in the given order; answers the time they were recorded at (null when there were none). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Instant append(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        UUID[] practices = entries.stream().map(NewEntry::practiceId).distinct().toArray(UUID[]::new);
        Map<UUID, Head> heads = new HashMap<>();
        jdbc.query(LOCK_HEADS, row -> {
            heads.put(row.getObject("practice_id", UUID.class), new Head(row.getLong("last_seq"), row.getBytes("last_hash")));
        }, EntryHash.GENESIS, practices);

        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Row> rows = new ArrayList<>(entries.size());
        for (NewEntry entry : entries) {
            Head head = heads.get(entry.practiceId());
            EntryHash.Fields fields = EntryHash.Fields.of(entry, head.seq + 1, recordedAt);
            byte[] hash = EntryHash.hash(head.hash, fields);
            rows.add(new Row(fields, head.hash, hash));
            head.seq = fields.chainSeq();
            head.hash = hash;
        }
        jdbc.batchUpdate(INSERT, rows, 1000, AuditLog::bind);
        List<Map.Entry<UUID, Head>> moved = List.copyOf(heads.entrySet());
        jdbc.batchUpdate(MOVE_HEAD, moved, moved.size(), (statement, head) -> {
            statement.setLong(1, head.getValue().seq);
            statement.setBytes(2, head.getValue().hash);
            statement.setObject(3, head.getKey());
        });
        return recordedAt;
    }

    private static void bind(PreparedStatement statement, Row row) throws SQLException {
        EntryHash.Fields f = row.fields();
        uuid(statement, 1, f.practiceId());
        statement.setLong(2, f.chainSeq());
        statement.setObject(3, f.occurredAt().atOffset(ZoneOffset.UTC));
        statement.setObject(4, f.recordedAt().atOffset(ZoneOffset.UTC));
        uuid(statement, 5, f.actorId());
        statement.setString(6, f.actorKind());
        statement.setString(7, f.actorName());
        statement.setString(8, f.action());
        uuid(statement, 9, f.subjectId());
        statement.setString(10, f.subjectKind());
        uuid(statement, 11, f.messageId());
        statement.setString(12, f.channel());
        statement.setString(13, f.outcome());
        statement.setString(14, f.reason());
        statement.setString(15, f.contentSha256());
        statement.setString(16, f.detail());
        statement.setString(17, f.eventId());
        statement.setString(18, f.eventType());
        statement.setBytes(19, row.previousHash());
        statement.setBytes(20, row.hash());
        statement.setString(21, f.actorRole());
        statement.setShort(22, (short) f.canonicalVersion());
    }

    private static void uuid(PreparedStatement statement, int index, UUID value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER);
        } else {
            statement.setObject(index, value);
        }
    }
}
