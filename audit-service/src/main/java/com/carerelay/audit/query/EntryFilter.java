package com.carerelay.audit.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/** The optional filters of a log query or export: time range [from, to), action, channel, outcome, actor, message. */
public record EntryFilter(Instant from, Instant to, String action, String channel, String outcome, UUID actorId,
                          UUID messageId) {

    public static final EntryFilter NONE = new EntryFilter(null, null, null, null, null, null, null);

    /** Appends the SQL conditions (each starting with " and ") and their arguments. */
    public void appendTo(StringBuilder sql, List<Object> args) {
        condition(sql, args, "occurred_at >= ?", from == null ? null : from.atOffset(java.time.ZoneOffset.UTC));
        condition(sql, args, "occurred_at < ?", to == null ? null : to.atOffset(java.time.ZoneOffset.UTC));
        condition(sql, args, "action = ?", action);
        condition(sql, args, "channel = ?", channel);
        condition(sql, args, "outcome = ?", outcome);
        condition(sql, args, "actor_id = ?", actorId);
        condition(sql, args, "message_id = ?", messageId);
    }

    /** The filters in words, for the entry that logs the query (ids and codes only, no PHI). */
    public String describe() {
        StringJoiner joiner = new StringJoiner("; ");
        List<Object[]> parts = new ArrayList<>();
        parts.add(new Object[]{"from", from});
        parts.add(new Object[]{"to", to});
        parts.add(new Object[]{"action", action});
        parts.add(new Object[]{"channel", channel});
        parts.add(new Object[]{"outcome", outcome});
        parts.add(new Object[]{"actorId", actorId});
        parts.add(new Object[]{"messageId", messageId});
        for (Object[] part : parts) {
            if (part[1] != null) {
                joiner.add(part[0] + "=" + part[1]);
            }
        }
        return joiner.toString();
    }

    private static void condition(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            args.add(value);
        }
    }
}
