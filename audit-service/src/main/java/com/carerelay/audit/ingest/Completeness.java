package com.carerelay.audit.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Compares, per event type and for a time range, the events audit-service handled with the entries
 * the log holds for them, so ops can see there is no gap: every handled event must have produced
 * the entries it was counted for, and every entry must belong to a handled event.
 */
@Component
public class Completeness {

    /** One event type: events handled and entries expected, against events and entries found in the log. */
    public record TypeCount(String eventType, long eventsHandled, long eventsLogged, long entriesExpected,
                            long entriesFound, boolean complete) {
    }

    public record Report(UUID practiceId, Instant from, Instant to, boolean complete, List<TypeCount> types) {
    }

    private final JdbcTemplate jdbc;

    public Completeness(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Report check(UUID practiceId, Instant from, Instant to) {
        Map<String, long[]> counts = new TreeMap<>(); // handled, expected, logged events, entries found
        jdbc.query("""
                        select event_type, count(*) as events, coalesce(sum(entries_written), 0) as expected
                        from event_seen where practice_id = ? and handled_at >= ? and handled_at < ?
                        group by event_type""",
                row -> {
                    long[] c = counts.computeIfAbsent(row.getString("event_type"), type -> new long[4]);
                    c[0] = row.getLong("events");
                    c[1] = row.getLong("expected");
                }, practiceId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        jdbc.query("""
                        select event_type, count(distinct event_id) as events, count(*) as entries
                        from audit_entry where practice_id = ? and recorded_at >= ? and recorded_at < ?
                          and event_type is not null
                        group by event_type""",
                row -> {
                    long[] c = counts.computeIfAbsent(row.getString("event_type"), type -> new long[4]);
                    c[2] = row.getLong("events");
                    c[3] = row.getLong("entries");
                }, practiceId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        List<TypeCount> types = new ArrayList<>();
        counts.forEach((type, c) -> types.add(new TypeCount(type, c[0], c[2], c[1], c[3], c[0] == c[2] && c[1] == c[3])));
        return new Report(practiceId, from, to, types.stream().allMatch(TypeCount::complete), types);
    }
}
