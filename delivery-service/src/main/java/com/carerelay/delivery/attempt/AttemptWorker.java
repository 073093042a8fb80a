package com.carerelay.delivery.attempt;

import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import com.carerelay.platform.tracing.TracedBatch;
import com.carerelay.platform.worker.PollingLoop;
import io.micrometer.tracing.Span;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue of one channel's attempts, worked the way the e-mail notices are: the fan-out wrote the
 * attempt (and what it carries, in {@code attempt_content}) before anything is sent; a worker
 * thread claims due attempts with a lease ({@code for update skip locked}, so instances share the
 * work), delivers them, then records sent, a later retry (the shared {@link RetrySchedule}) or
 * failed, and publishes the status. A try that a circuit breaker refused is {@link Result#deferred
 * deferred}: put back without spending a try. A crash between the external effect and its record
 * repeats the effect once the lease runs out (at least once on the wire; receivers de-duplicate by
 * the stable id each channel sends).
 */
public abstract class AttemptWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AttemptWorker.class);

    private static final String CLAIM = """
            update delivery_attempt a set status = 'sending', tries = a.tries + 1,
                lease_until = now() + make_interval(secs => ?), updated_at = now()
            from (select id from delivery_attempt
                  where channel = ?
                    and ((status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and lease_until < now()))
                  order by next_attempt_at limit ? for update skip locked) due
            where a.id = due.id
            returning a.id, a.message_id, a.practice_id, a.sender_id, a.recipient_id, a.recipient_kind, a.recipient_name,
                a.destination, a.message_sent_at, a.tries, a.traceparent, a.tracestate,
                (select c.content from attempt_content c where c.attempt_id = a.id) as content""";
    private static final String RELEASE = """
            update delivery_attempt set status = 'queued', tries = tries - 1, lease_until = null, next_attempt_at = ?,
                updated_at = now()
            where id = ? and status = 'sending'""";

    /**
     * How a worker polls: whether it runs at all, attempts per claim, the idle wait, the lease, and the
     * most {@link #eachInParallel} waits for one batch (null: the lease).
     */
    public record Settings(boolean enabled, int batchSize, Duration idlePoll, Duration lease, Duration batchTimeout) {

        public Settings(boolean enabled, int batchSize, Duration idlePoll, Duration lease) {
            this(enabled, batchSize, idlePoll, lease, null);
        }

        Duration batchDeadline() {
            return batchTimeout == null ? lease : batchTimeout;
        }
    }

    /**
     * A claimed attempt, what it carries (null for channels that carry nothing stored) and the trace context of
     * the fan-out that created it (null when none).
     */
    public record Claimed(DeliveryAttempt attempt, String content, EventEnvelope.TraceContext trace) {
    }

    /** What one try came to. */
    public record Result(Kind kind, String reason, Instant until) {

        public enum Kind { sent, retry, failed, deferred }

        public static Result sent(String note) {
            return new Result(Kind.sent, note, null);
        }

        /** A transient failure: tried again per the retry schedule, or failed once the tries are spent. */
        public static Result retry(String reason) {
            return new Result(Kind.retry, reason, null);
        }

        /** A permanent failure. */
        public static Result failed(String reason) {
            return new Result(Kind.failed, reason, null);
        }

        /** Not tried (a circuit breaker is open): back in the queue until {@code until}, no try spent. */
        public static Result deferred(Instant until) {
            return new Result(Kind.deferred, null, until);
        }
    }

    protected final Channel channel;
    protected final JdbcTemplate jdbc;
    protected final TransactionTemplate transaction;
    protected final DeliveryAttempts attempts;
    protected final RetrySchedule retries;
    protected final DeliveryMetrics metrics;
    private final Settings settings;
    private final PollingLoop loop;

    protected AttemptWorker(Channel channel, JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                            RetrySchedule retries, DeliveryMetrics metrics, Settings settings) {
        this.channel = channel;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.attempts = attempts;
        this.retries = retries;
        this.metrics = metrics;
        this.settings = settings;
        this.loop = new PollingLoop(channel + "-deliveries", settings.batchSize(), settings.idlePoll(), () -> {
            housekeeping();
            return deliverBatch();
        });
    }

    /**
     * Delivers claimed attempts; answers a result per attempt id. An attempt without a result stays
     * claimed and is tried again once its lease runs out.
     */
    protected abstract Map<UUID, Result> deliver(List<Claimed> claimed);

    /** Whether to claim at all now (e.g. false while the one relay's circuit breaker is open). */
    protected boolean ready() {
        return true;
    }

    /** Called inside the transaction that records the attempts that were sent. */
    protected void onSent(List<Claimed> sent) {
    }

    /** Periodic work besides the queue (e.g. DIRECT's final-notification deadline); runs on the worker thread. */
    protected void housekeeping() {
    }

    /** Asks the worker to look for due attempts now, e.g. right after the fan-out committed new ones. */
    public void wakeUp() {
        loop.wakeUp();
    }

    @Override
    public void start() {
        if (settings.enabled()) {
            loop.start();
        }
    }

    @Override
    public void stop() {
        loop.stop(Duration.ofSeconds(10));
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Claims, delivers and records one batch of due attempts; answers how many it claimed. */
    public int deliverBatch() {
        if (!ready()) {
            return 0;
        }
        List<Claimed> claimed = claim();
        if (claimed.isEmpty()) {
            return 0;
        }
        try (TracedBatch spans = attempts.tracing().batch()) {
            for (Claimed one : claimed) {
                spans.start(one.attempt().id(), one.attempt().messageId().toString(), "deliver " + channel,
                        Span.Kind.CLIENT, one.trace(), "carerelay.channel", channel.name(),
                        "carerelay.attempt.id", one.attempt().id().toString(),
                        "carerelay.attempt.try", String.valueOf(one.attempt().tries()));
            }
            spans.run(() -> { // the status events each try publishes continue its span
                Map<UUID, Result> results = deliver(claimed);
                results.forEach((id, result) -> spans.tag(id, "carerelay.delivery.outcome", result.kind().name()));
                settle(claimed, results);
            });
        }
        return claimed.size();
    }

    /**
     * Runs {@code one} for every claimed attempt on virtual threads under the batch's one deadline
     * ({@link Settings#batchTimeout}), see {@link ParallelTries}.
     */
    protected Map<UUID, Result> eachInParallel(List<Claimed> claimed, Function<Claimed, Result> one) {
        return ParallelTries.run(channel, metrics, settings.batchDeadline(), claimed, one);
    }

    private List<Claimed> claim() {
        List<Claimed> claimed = transaction.execute(status -> jdbc.query(CLAIM, (row, i) -> new Claimed(
                new DeliveryAttempt(row.getObject("id", UUID.class), row.getObject("message_id", UUID.class),
                        row.getObject("practice_id", UUID.class), row.getObject("sender_id", UUID.class),
                        row.getObject("recipient_id", UUID.class), PrincipalKind.valueOf(row.getString("recipient_kind")),
                        row.getString("recipient_name"), channel, Status.queued, null, row.getString("destination"),
                        row.getTimestamp("message_sent_at").toInstant(), row.getInt("tries")),
                row.getString("content"), EventEnvelope.TraceContext.of(row.getString("traceparent"),
                row.getString("tracestate"))), settings.lease().toSeconds(), channel.name(), settings.batchSize()));
        return claimed == null ? List.of() : claimed;
    }

    private void settle(List<Claimed> claimed, Map<UUID, Result> results) {
        List<DeliveryAttempts.Transition> transitions = new ArrayList<>();
        List<Claimed> sent = new ArrayList<>();
        List<Claimed> deferred = new ArrayList<>();
        for (Claimed one : claimed) {
            Result result = results.get(one.attempt().id());
            if (result == null) {
                continue;
            }
            DeliveryAttempt attempt = one.attempt();
            switch (result.kind()) {
                case sent -> {
                    transitions.add(new DeliveryAttempts.Transition(attempt.withStatus(Status.sent, result.reason()), null));
                    sent.add(one);
                }
                case failed -> transitions.add(new DeliveryAttempts.Transition(
                        attempt.withStatus(Status.failed, result.reason()), null));
                case retry -> transitions.add(retryOrFail(attempt, result.reason()));
                case deferred -> deferred.add(one);
            }
        }
        transaction.executeWithoutResult(status -> {
            attempts.transition(transitions);
            jdbc.batchUpdate(RELEASE, deferred, deferred.size(), (statement, one) -> {
                statement.setTimestamp(1, Timestamp.from(results.get(one.attempt().id()).until()));
                statement.setObject(2, one.attempt().id());
            });
            onSent(sent);
            List<DeliveryAttempt> settled = transitions.stream().filter(t -> t.nextAttemptAt() == null)
                    .map(DeliveryAttempts.Transition::attempt).toList();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    metrics.record(settled);
                }
            });
        });
        List<String> retrying = transitions.stream().filter(t -> t.nextAttemptAt() != null)
                .map(t -> t.attempt().reason()).toList();
        if (!retrying.isEmpty()) {
            log.info("{} of {} {} deliveries will be retried: {}", retrying.size(), claimed.size(), channel,
                    retrying.stream().map(reason -> reason.replaceAll("; try .*", "")).distinct()
                            .collect(Collectors.joining("; ")));
        }
    }

    private DeliveryAttempts.Transition retryOrFail(DeliveryAttempt attempt, String reason) {
        if (retries.allowsAnotherTry(attempt.tries())) {
            Instant next = retries.nextTry(attempt.tries(), Instant.now());
            return new DeliveryAttempts.Transition(attempt.withStatus(Status.queued,
                    reason + "; try " + (attempt.tries() + 1) + " at " + next), next);
        }
        return new DeliveryAttempts.Transition(attempt.withStatus(Status.failed,
                reason + "; gave up after " + attempt.tries() + " tries"), null);
    }
}
