package com.carerelay.delivery.attempt;

import com.carerelay.delivery.config.EventsConfig;
import com.carerelay.platform.outbox.OutboxWriter;
import com.carerelay.delivery.config.Unnest;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.Topics;
import com.carerelay.platform.tracing.EventTracing;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The attempt table: the unique key (message, recipient, channel) makes every delivery happen at
 * most once however often its event is redelivered or replayed. Every write covers the whole batch
 * in one statement ({@link Unnest}) or one JDBC batch, inside the caller's transaction, together
 * with the attempt's history and its status event in the outbox. An attempt keeps the trace context of the
 * fan-out that created it (the consumer span of its MessageSent), so its tries and statuses join that trace.
 */
@Component
public class DeliveryAttempts {

    /** One statement per batch that answers which attempts are new (see {@link Unnest}). */
    private static final String INSERT = """
            insert into delivery_attempt (id, message_id, practice_id, sender_id, recipient_id, recipient_kind,
                recipient_name, channel, status, reason, destination, message_sent_at, next_attempt_at, created_at,
                updated_at, traceparent, tracestate)
            select a.id, a.message_id, a.practice_id, a.sender_id, a.recipient_id, a.recipient_kind, a.recipient_name,
                a.channel, a.status, a.reason, a.destination, a.message_sent_at,
                case when a.status = 'queued' then now() end, now(), now(), a.traceparent, a.tracestate
            from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) as a (id, message_id, practice_id, sender_id, recipient_id,
                recipient_kind, recipient_name, channel, status, reason, destination, message_sent_at, traceparent,
                tracestate)
            on conflict (message_id, recipient_id, channel) do nothing
            returning id""";
    private static final List<Unnest.Column<DeliveryAttempt>> COLUMNS = List.of(
            Unnest.column("uuid", DeliveryAttempt::id),
            Unnest.column("uuid", DeliveryAttempt::messageId),
            Unnest.column("uuid", DeliveryAttempt::practiceId),
            Unnest.column("uuid", DeliveryAttempt::senderId),
            Unnest.column("uuid", DeliveryAttempt::recipientId),
            Unnest.column("text", attempt -> attempt.recipientKind().name()),
            Unnest.column("text", attempt -> attempt.recipientName() == null ? "" : attempt.recipientName()),
            Unnest.column("text", attempt -> attempt.channel().name()),
            Unnest.column("text", attempt -> attempt.status().name()),
            Unnest.column("text", DeliveryAttempt::reason),
            Unnest.column("text", DeliveryAttempt::destination),
            Unnest.column("timestamptz", attempt -> Timestamp.from(attempt.messageSentAt())));
    private static final String UPDATE = """
            update delivery_attempt set status = ?, reason = ?, next_attempt_at = ?, lease_until = null, updated_at = ?
            where id = ?""";
    private static final String INSERT_HISTORY = """
            insert into delivery_attempt_event (attempt_id, status, reason, occurred_at)
            select * from unnest(?, ?, ?, ?)""";

    /** A state an attempt moves to; {@code nextAttemptAt} is set when it is queued for another try. */
    public record Transition(DeliveryAttempt attempt, Instant nextAttemptAt) {
    }

    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final EventTracing tracing;

    public DeliveryAttempts(JdbcTemplate jdbc, OutboxWriter outbox, EventTracing tracing) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.tracing = tracing;
    }

    /** How attempts join their message's trace: each keeps its fan-out's context, each try is a span. */
    public EventTracing tracing() {
        return tracing;
    }

    /**
     * Records new attempts and answers those that did not exist yet; only these may have their side
     * effect. Each new attempt's status is published. Queued attempts are due immediately.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<DeliveryAttempt> insertNew(List<DeliveryAttempt> attempts) {
        if (attempts.isEmpty()) {
            return List.of();
        }
        Timestamp now = Timestamp.from(Instant.now());
        Map<UUID, EventEnvelope.TraceContext> traces = new HashMap<>();
        attempts.forEach(attempt -> traces.computeIfAbsent(attempt.messageId(),
                messageId -> tracing.causeOf(messageId.toString())));
        List<Unnest.Column<DeliveryAttempt>> columns = new ArrayList<>(COLUMNS);
        columns.add(Unnest.column("text", attempt -> traceField(traces.get(attempt.messageId()), true)));
        columns.add(Unnest.column("text", attempt -> traceField(traces.get(attempt.messageId()), false)));
        Set<UUID> inserted = new HashSet<>(Unnest.returningIds(jdbc, INSERT, attempts, columns));
        List<DeliveryAttempt> fresh = attempts.stream().filter(attempt -> inserted.contains(attempt.id())).toList();
        history(fresh, now.toInstant());
        outbox.append(fresh.stream().map(attempt -> statusEvent(attempt, now.toInstant())).toList());
        return fresh;
    }

    /**
     * Moves attempts to new states. A transition back to queued (another try later) is kept in the
     * attempt's history but not published: the recipient's published state is still queued.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void transition(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        Instant at = Instant.now();
        jdbc.batchUpdate(UPDATE, transitions, transitions.size(), (statement, transition) -> {
            statement.setString(1, transition.attempt().status().name());
            statement.setString(2, transition.attempt().reason());
            statement.setTimestamp(3, transition.nextAttemptAt() == null ? null : Timestamp.from(transition.nextAttemptAt()));
            statement.setTimestamp(4, Timestamp.from(at));
            statement.setObject(5, transition.attempt().id());
        });
        history(transitions.stream().map(Transition::attempt).toList(), at);
        outbox.append(transitions.stream().filter(transition -> transition.nextAttemptAt() == null)
                .map(transition -> statusEvent(transition.attempt(), at)).toList());
    }

    /** Records attempts whose new state was already written (history and status event), e.g. after a redrive. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recorded(List<DeliveryAttempt> changed) {
        Instant at = Instant.now();
        history(changed, at);
        outbox.append(changed.stream().map(attempt -> statusEvent(attempt, at)).toList());
    }

    /**
     * Notes a step that does not change the published state (a DIRECT message processed by the
     * recipient's HISP, still waiting for the final notification): reason and history only.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void note(DeliveryAttempt attempt, String reason) {
        jdbc.update("update delivery_attempt set reason = ?, updated_at = now() where id = ?", reason, attempt.id());
        history(List.of(attempt.withStatus(attempt.status(), reason)), Instant.now());
    }

    private static String traceField(EventEnvelope.TraceContext trace, boolean parent) {
        return trace == null ? null : parent ? trace.traceparent() : trace.tracestate();
    }

    private void history(List<DeliveryAttempt> attempts, Instant at) {
        Timestamp time = Timestamp.from(at);
        Unnest.update(jdbc, INSERT_HISTORY, attempts, List.of(
                Unnest.column("uuid", DeliveryAttempt::id),
                Unnest.column("text", attempt -> attempt.status().name()),
                Unnest.column("text", DeliveryAttempt::reason),
                Unnest.column("timestamptz", attempt -> time)));
    }

    private static EventEnvelope.Outgoing statusEvent(DeliveryAttempt attempt, Instant at) {
        String messageId = attempt.messageId().toString();
        return EventEnvelope.wrap(Topics.DELIVERY_STATUS, messageId, EventsConfig.SOURCE, messageId,
                DeliveryStatusChanged.TYPE, attempt.statusChanged(at));
    }
}
