package com.carerelay.platform.outbox;

import com.carerelay.events.EventEnvelope;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The transactional outbox table every producing service has (same DDL in each service's
 * migrations): events are inserted in the transaction that changes state, and
 * {@link OutboxRelay} publishes them after commit.
 *
 * <pre>
 * create table outbox_event (
 *   seq bigserial primary key, id uuid not null unique, topic text not null, event_key text not null,
 *   type text not null, source text not null, subject text, occurred_at timestamptz not null,
 *   payload bytea not null);
 * -- and, from the platform's shared migration V1001, the trace context the relay continues:
 * alter table outbox_event add column traceparent text, add column tracestate text;
 * </pre>
 */
public final class Outbox {

    public static final String INSERT = "insert into outbox_event (id, topic, event_key, type, source, subject, occurred_at, payload,"
            + " traceparent, tracestate) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private Outbox() {
    }

    /** Binds one event to {@link #INSERT}. */
    public static void bind(PreparedStatement insert, EventEnvelope.Outgoing event) throws SQLException {
        insert.setObject(1, event.id());
        insert.setString(2, event.topic());
        insert.setString(3, event.key());
        insert.setString(4, event.type());
        insert.setString(5, event.source());
        insert.setString(6, event.subject());
        insert.setTimestamp(7, Timestamp.from(event.time()));
        insert.setBytes(8, event.data());
        insert.setString(9, event.trace() == null ? null : event.trace().traceparent());
        insert.setString(10, event.trace() == null ? null : event.trace().tracestate());
    }
}
