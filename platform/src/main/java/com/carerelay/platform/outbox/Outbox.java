package com.carerelay.platform.outbox;

import com.carerelay.events.EventEnvelope;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

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

    /**
     * All of a transaction's events in ONE statement, whatever their number: the columns go in as arrays,
     * and the rows take their {@code seq} in the order given (the relay publishes in {@code seq} order).
     */
    public static final String INSERT = """
            insert into outbox_event (id, topic, event_key, type, source, subject, occurred_at, payload, traceparent, tracestate)
            select id, topic, event_key, type, source, subject, occurred_at, payload, traceparent, tracestate
            from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::bytea[],
                ?::text[], ?::text[]) with ordinality
                as e(id, topic, event_key, type, source, subject, occurred_at, payload, traceparent, tracestate, position)
            order by position""";

    private Outbox() {
    }

    /** The arguments of {@link #INSERT} for these events, column by column. */
    public static Object[] columns(List<EventEnvelope.Outgoing> events) {
        return new Object[] {
                events.stream().map(EventEnvelope.Outgoing::id).toArray(UUID[]::new),
                events.stream().map(EventEnvelope.Outgoing::topic).toArray(String[]::new),
                events.stream().map(EventEnvelope.Outgoing::key).toArray(String[]::new),
                events.stream().map(EventEnvelope.Outgoing::type).toArray(String[]::new),
                events.stream().map(EventEnvelope.Outgoing::source).toArray(String[]::new),
                events.stream().map(EventEnvelope.Outgoing::subject).toArray(String[]::new),
                events.stream().map(event -> Timestamp.from(event.time())).toArray(Timestamp[]::new),
                events.stream().map(EventEnvelope.Outgoing::data).toArray(byte[][]::new),
                events.stream().map(event -> event.trace() == null ? null : event.trace().traceparent()).toArray(String[]::new),
                events.stream().map(event -> event.trace() == null ? null : event.trace().tracestate()).toArray(String[]::new)};
    }
}
