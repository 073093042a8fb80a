package com.carerelay.platform.outbox;

import com.carerelay.events.EventEnvelope;
import com.carerelay.platform.outbox.Outbox;
import com.carerelay.platform.outbox.OutboxRelay;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Appends events to the outbox inside the caller's transaction and wakes the relay once it commits. */

public class OutboxWriter {

    private final JdbcTemplate jdbc;
    private final OutboxRelay relay;

    public OutboxWriter(JdbcTemplate jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(List<EventEnvelope.Outgoing> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(Outbox.INSERT, events, events.size(), Outbox::bind);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
