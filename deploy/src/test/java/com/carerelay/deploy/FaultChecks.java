package com.carerelay.deploy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the databases say about the harness's sends, read directly (the services never read each other's
 * databases; the harness does, as an auditor would): for each accepted message, is it stored once, delivered
 * in-app once, its status back in messaging-service once, and audited (sent, received, delivered) exactly once.
 */
final class FaultChecks {

    /** The state of one accepted message across the services. */
    record Trace(UUID messageId, int stored, String status, int statusHistory, int attempts, int deliveredEvents,
                 int notifications, int auditSent, int auditReceived, int auditDelivered) {

        boolean delivered() {
            return "delivered".equals(status) || "read".equals(status);
        }

        boolean complete() {
            return stored >= 1 && delivered() && attempts >= 1 && auditSent >= 1 && auditReceived >= 1 && auditDelivered >= 1;
        }

        boolean duplicated() {
            return stored > 1 || statusHistory > 1 || attempts > 1 || deliveredEvents > 1 || notifications > 1
                    || auditSent > 1 || auditReceived > 1 || auditDelivered > 1;
        }

        /** What is missing or doubled, for the report. */
        String describe() {
            List<String> wrong = new ArrayList<>();
            if (stored != 1) {
                wrong.add("message rows " + stored);
            }
            if (!delivered()) {
                wrong.add("status in messaging " + status);
            }
            if (statusHistory != 1) {
                wrong.add("delivered status history rows " + statusHistory);
            }
            if (attempts != 1) {
                wrong.add("in-app attempts " + attempts);
            }
            if (deliveredEvents != 1) {
                wrong.add("attempt 'delivered' events " + deliveredEvents);
            }
            if (notifications != 1) {
                wrong.add("notifications " + notifications);
            }
            if (auditSent != 1 || auditReceived != 1 || auditDelivered != 1) {
                wrong.add("audit sent/received/delivered " + auditSent + "/" + auditReceived + "/" + auditDelivered);
            }
            return messageId + ": " + String.join(", ", wrong);
        }
    }

    private final String jdbcBase;
    /** audit_entry's message index leads with the practice */
    private final String practice;

    FaultChecks(String jdbcBase, UUID practiceId) {
        this.jdbcBase = jdbcBase;
        this.practice = "practice_id = '" + practiceId + "' and ";
    }

    /** How many of these messages are delivered (status back in messaging) and audited as delivered; -1 if a database is unreachable. */
    long deliveredAndAudited(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        try {
            Set<UUID> delivered = ids("messaging", "select message_id from recipient_channel_status where channel = 'in_app'"
                    + " and status in ('delivered', 'read') and message_id = any(?::uuid[])", ids);
            Set<UUID> audited = ids("audit", "select distinct message_id from audit_entry where " + practice + "action = 'delivery.delivered'"
                    + " and message_id = any(?::uuid[])", ids);
            delivered.retainAll(audited);
            return delivered.size();
        } catch (SQLException unreachable) {
            return -1;
        }
    }

    /** The full trace of every message. */
    Map<UUID, Trace> trace(Collection<UUID> ids) throws SQLException {
        Map<UUID, Integer> stored = counts("messaging", "select id, 1 from message where id = any(?::uuid[])", ids);
        Map<UUID, String> status = new HashMap<>();
        query("messaging", "select message_id, status from recipient_channel_status where channel = 'in_app'"
                + " and message_id = any(?::uuid[])", ids, row -> status.put(row.getObject(1, UUID.class), row.getString(2)));
        Map<UUID, Integer> history = counts("messaging", "select message_id, count(*) from delivery_status_history"
                + " where channel = 'in_app' and status = 'delivered' and message_id = any(?::uuid[]) group by 1", ids);
        Map<UUID, Integer> attempts = counts("delivery", "select message_id, count(*) from delivery_attempt"
                + " where channel = 'in_app' and message_id = any(?::uuid[]) group by 1", ids);
        Map<UUID, Integer> deliveredEvents = counts("delivery", "select a.message_id, count(*) from delivery_attempt_event e"
                + " join delivery_attempt a on a.id = e.attempt_id where a.channel = 'in_app' and e.status = 'delivered'"
                + " and a.message_id = any(?::uuid[]) group by 1", ids);
        Map<UUID, Integer> notifications = counts("delivery", "select message_id, count(*) from notification"
                + " where message_id = any(?::uuid[]) group by 1", ids);
        Map<String, Map<UUID, Integer>> audit = new HashMap<>();
        query("audit", "select message_id, action, count(*) from audit_entry where " + practice + "message_id = any(?::uuid[])"
                        + " and action in ('message.sent', 'message.received', 'delivery.delivered') group by 1, 2", ids,
                row -> audit.computeIfAbsent(row.getString(2), a -> new HashMap<>())
                        .put(row.getObject(1, UUID.class), row.getInt(3)));
        Map<UUID, Trace> traces = new HashMap<>();
        for (UUID id : ids) {
            traces.put(id, new Trace(id, stored.getOrDefault(id, 0), status.get(id), history.getOrDefault(id, 0),
                    attempts.getOrDefault(id, 0), deliveredEvents.getOrDefault(id, 0), notifications.getOrDefault(id, 0),
                    audit.getOrDefault("message.sent", Map.of()).getOrDefault(id, 0),
                    audit.getOrDefault("message.received", Map.of()).getOrDefault(id, 0),
                    audit.getOrDefault("delivery.delivered", Map.of()).getOrDefault(id, 0)));
        }
        return traces;
    }

    /** Idempotency keys (the harness puts its key in each body) that produced more than one message. */
    Map<String, Integer> keysWithSeveralMessages() throws SQLException {
        Map<String, Integer> several = new HashMap<>();
        query("messaging", "select substring(body from '\\((fault-[0-9a-f-]{36})\\)') k, count(*) from message"
                + " where body like '%(fault-%' group by 1 having count(*) > 1", List.of(), row -> several.put(row.getString(1), row.getInt(2)));
        return several;
    }

    /** Every message the harness's sends stored, by the key in its body: also those whose 201 the client never saw. */
    Map<String, UUID> storedByKey() throws SQLException {
        Map<String, UUID> stored = new HashMap<>();
        query("messaging", "select substring(body from '\\((fault-[0-9a-f-]{36})\\)'), id from message where body like '%(fault-%'",
                List.of(), row -> stored.put(row.getString(1), row.getObject(2, UUID.class)));
        return stored;
    }

    private interface Row {
        void accept(ResultSet row) throws SQLException;
    }

    private Set<UUID> ids(String database, String sql, Collection<UUID> ids) throws SQLException {
        Set<UUID> found = new HashSet<>();
        query(database, sql, ids, row -> found.add(row.getObject(1, UUID.class)));
        return found;
    }

    private Map<UUID, Integer> counts(String database, String sql, Collection<UUID> ids) throws SQLException {
        Map<UUID, Integer> counts = new HashMap<>();
        query(database, sql, ids, row -> counts.merge(row.getObject(1, UUID.class), row.getInt(2), Integer::sum));
        return counts;
    }

    private void query(String database, String sql, Collection<UUID> ids, Row each) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcBase + database + "?connectTimeout=2&socketTimeout=30",
                "carerelay", "carerelay");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (sql.contains("?")) {
                Array array = connection.createArrayOf("text", ids.stream().map(UUID::toString).toArray());
                statement.setArray(1, array);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    each.accept(rows);
                }
            }
        }
    }
}
