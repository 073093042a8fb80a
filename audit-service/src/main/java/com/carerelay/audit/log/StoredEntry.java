package com.carerelay.audit.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An entry as the database holds it. */
public record StoredEntry(long id, EntryHash.Fields fields, byte[] previousHash, byte[] hash) {

    /** Selects every column {@link #from} reads. */
    public static final String COLUMNS = """
            id, practice_id, chain_seq, occurred_at, recorded_at, actor_id, actor_kind, actor_name, actor_role, action,
            subject_id, subject_kind, message_id, channel, outcome, reason, content_sha256, detail, event_id, event_type,
            canonical_version, prev_hash, hash""";

    public static StoredEntry from(ResultSet row) throws SQLException {
        return new StoredEntry(row.getLong("id"), new EntryHash.Fields(
                row.getObject("practice_id", UUID.class), row.getLong("chain_seq"),
                instant(row, "occurred_at"), instant(row, "recorded_at"),
                row.getObject("actor_id", UUID.class), row.getString("actor_kind"), row.getString("actor_name"),
                row.getString("actor_role"), row.getString("action"), row.getObject("subject_id", UUID.class), row.getString("subject_kind"),
                row.getObject("message_id", UUID.class), row.getString("channel"), row.getString("outcome"),
                row.getString("reason"), row.getString("content_sha256"), row.getString("detail"),
                row.getString("event_id"), row.getString("event_type"),
                row.getInt("canonical_version")),
                row.getBytes("prev_hash"), row.getBytes("hash"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
