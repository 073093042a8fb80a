package com.carerelay.platform.outbox;

import com.carerelay.events.EventEnvelope;
import com.carerelay.platform.tracing.EventTracing;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events to the outbox inside the caller's transaction and wakes the relay once it commits. Each row
 * keeps the trace context of its cause (the HTTP request, the consumed event), so the relay's publish span and
 * every consumer continue that trace ({@link EventTracing#stampForOutbox}).
 */
public class OutboxWriter {

    private final JdbcTemplate jdbc;
    private final OutboxRelay relay;
    private final EventTracing tracing;

    public OutboxWriter(JdbcTemplate jdbc, OutboxRelay relay, EventTracing tracing) {
        this.jdbc = jdbc;
        this.relay = relay;
        this.tracing = tracing;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(List<EventEnvelope.Outgoing> events) {
        if (events.isEmpty()) {
            return;
        }
        List<EventEnvelope.Outgoing> traced = tracing.stampForOutbox(events);
        jdbc.update(Outbox.INSERT, Outbox.columns(traced));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
