package com.carerelay.platform.consumer;

import com.carerelay.events.EventEnvelope;
import com.carerelay.events.EventSchemas;
import com.carerelay.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.carerelay.platform.tracing.EventTracing;
import com.carerelay.platform.tracing.TracedBatch;
import com.carerelay.platform.web.DatabaseOutage;
import io.micrometer.tracing.Span;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way every service consumes events: a whole Kafka batch is handled in ONE database
 * transaction together with the record of which {@code ce_id}s were handled (table
 * {@code processed_event}), so a redelivered or replayed event changes nothing.
 * <p>
 * Poison means unreadable: only a record that is not a valid event of a known type (bad envelope,
 * JSON or schema), or that its handler refuses as invalid data ({@link RejectedEventException}, a
 * constraint or data error from the database), goes to the consumer group's dead-letter topic, and
 * the rest of the batch goes on. Anything else (the database, the pool, the broker, a timeout, a bug)
 * is transient: the exception propagates, no offset is committed, and {@link TransientFailureRetry}
 * redelivers the whole batch with capped backoff for as long as it takes, counting each retry in
 * {@code carerelay.consumer.transient.failures} and logging at most one line per {@link #LOG_EVERY}.
 * Nothing accepted is skipped.
 * <p>
 * Each event that carries a trace context ({@code ce_traceparent}) is handled in a consumer span, child of the
 * producer's publish span; the handler sees the event with that span's context, and the events it appends to
 * an outbox under the same Kafka key (a message's status events) continue it ({@link EventTracing#withCauses}).
 */
public final class EventBatchConsumer {

    /** Handles events not seen before, inside the consumer's transaction. */
    @FunctionalInterface
    public interface Handler {
        void handle(List<EventEnvelope.Incoming> events);
    }

    public static final String DDL = "create table processed_event (event_id text primary key, handled_at timestamptz not null default now())";

    private static final Logger log = LoggerFactory.getLogger(EventBatchConsumer.class);
    private static final String MARK_HANDLED = "insert into processed_event (event_id) select unnest(?::text[])"
            + " on conflict do nothing returning event_id";

    private final String consumerGroup;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final Supplier<Producer<String, byte[]>> deadLetterProducers;
    private final Counter transientFailures;
    private final Counter deadLettered;
    private final AtomicLong lastLogged = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();
    private final EventTracing tracing;

    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    public EventBatchConsumer(String consumerGroup, TransactionTemplate transaction, JdbcTemplate jdbc,
                              Supplier<Producer<String, byte[]>> deadLetterProducers, MeterRegistry meters,
                              EventTracing tracing) {
        this.consumerGroup = consumerGroup;
        this.tracing = tracing;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.deadLetterProducers = deadLetterProducers;
        this.transientFailures = Counter.builder("carerelay.consumer.transient.failures")
                .description("Batches that failed for a transient reason and will be retried")
                .tag("group", consumerGroup).register(meters);
        this.deadLettered = Counter.builder("carerelay.consumer.dead.letters")
                .description("Records this consumer group dead-lettered (unreadable or refused as invalid data)")
                .tag("group", consumerGroup).register(meters);
    }

    /** Handles one batch as Spring Cloud Stream's Kafka binder delivers it in batch mode. */
    @SuppressWarnings("unchecked")
    public void accept(Message<List<byte[]>> batch, Handler handler) {
        Object converted = batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
        accept(converted == null ? List.of() : (List<Map<String, Object>>) converted, batch.getPayload(), handler);
    }

    /**
     * @param headers per record, as Spring Cloud Stream hands them over in batch mode
     * @param values  per record, the raw value
     */
    public void accept(List<Map<String, Object>> headers, List<byte[]> values, Handler handler) {
        List<EventEnvelope.Incoming> events = new ArrayList<>(values.size());
        List<Integer> positions = new ArrayList<>(values.size());
        try (TracedBatch spans = tracing.batch()) {
            for (int i = 0; i < values.size(); i++) {
                Map<String, Object> recordHeaders = i < headers.size() ? headers.get(i) : Map.of();
                try {
                    EventEnvelope.Incoming event = EventEnvelope.read(recordHeaders, values.get(i));
                    event.payload(); // refuse an unreadable body before it can poison the batch transaction
                    events.add(event.withTrace(spans.start(i, keyOf(recordHeaders), "process " + event.type(),
                            Span.Kind.CONSUMER, event.trace(), "messaging.system", "kafka",
                            "messaging.consumer.group.name", consumerGroup, "cloudevents.event_id", event.id(),
                            "cloudevents.event_type", event.type())));
                    positions.add(i);
                } catch (EventEnvelope.MalformedEventException e) {
                    deadLetter(recordHeaders, values.get(i), e.getMessage());
                }
            }
            log.debug("Group {} received {} records, {} valid events", consumerGroup, values.size(), events.size());
            if (events.isEmpty()) {
                return;
            }
            // one traced event (the usual case when traffic is light): its trace and span ids are on the log lines
            spans.run(() -> handle(headers, values, handler, events, positions));
        }
    }

    private void handle(List<Map<String, Object>> headers, List<byte[]> values, Handler handler,
                        List<EventEnvelope.Incoming> events, List<Integer> positions) {
        try {
            transaction.executeWithoutResult(status -> handler.handle(firstSeen(events)));
        } catch (RuntimeException batchFailure) {
            if (DatabaseOutage.causedBy(batchFailure)) {
                throw retryLater(batchFailure, events.size());
            }
            // something in the batch failed: find which event, and whether it is poison, one at a time
            log.warn("Batch of {} events failed in group {}, handling one by one: {}", events.size(), consumerGroup,
                    describe(batchFailure));
            for (int i = 0; i < events.size(); i++) {
                EventEnvelope.Incoming event = events.get(i);
                try {
                    transaction.executeWithoutResult(status -> handler.handle(firstSeen(List.of(event))));
                } catch (RuntimeException failure) {
                    String poison = poisonReason(event, failure);
                    if (poison == null) {
                        throw retryLater(failure, events.size());
                    }
                    int position = positions.get(i);
                    deadLetter(position < headers.size() ? headers.get(position) : Map.of(), values.get(position), poison);
                }
            }
        }
    }

    /** Records the ids as handled and answers the events not handled before (also de-duplicated within the batch). */
    private List<EventEnvelope.Incoming> firstSeen(List<EventEnvelope.Incoming> events) {
        Map<String, EventEnvelope.Incoming> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.id(), event));
        Set<String> inserted = new HashSet<>(jdbc.query(MARK_HANDLED,
                (row, i) -> row.getString(1), (Object) unique.keySet().toArray(String[]::new)));
        return unique.values().stream().filter(event -> inserted.contains(event.id())).toList();
    }

    private void deadLetter(Map<String, Object> headers, byte[] value, String reason) {
        deadLettered.increment();
        String topic = Topics.deadLetter(consumerGroup);
        log.warn("Dead-lettering a record to {}: {}", topic, reason);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, keyOf(headers), value);
        headers.forEach((name, headerValue) -> {
            if (name.startsWith("ce_") || name.equals("content-type")) {
                record.headers().add(name, headerValue instanceof byte[] bytes ? bytes
                        : String.valueOf(headerValue).getBytes(StandardCharsets.UTF_8));
            }
        });
        record.headers().add("x-dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add("x-dead-letter-group", consumerGroup.getBytes(StandardCharsets.UTF_8));
        try {
            deadLetterProducers.get().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // not acknowledged: fail the batch so the binder redelivers it rather than losing the record
            throw new IllegalStateException("dead-letter topic " + topic + " did not acknowledge", e);
        }
    }

    private static String keyOf(Map<String, Object> headers) {
        Object key = headers.get("kafka_receivedMessageKey");
        return key == null ? null : key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(key);
    }

    private RuntimeException retryLater(RuntimeException failure, int events) {
        transientFailures.increment();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY.toNanos() && lastLogged.compareAndSet(last, now)) {
            log.warn("Group {}: a batch of {} events failed for a transient reason ({}), retrying with backoff;"
                    + " {} more such failures since the last line", consumerGroup, events, describe(failure),
                    unlogged.getAndSet(0));
        } else {
            unlogged.incrementAndGet();
        }
        return failure;
    }

    /** The exception classes in the chain, without messages (they may carry row data). */
    private static String describe(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable cause = failure; cause != null && chain.length() < 300; cause = cause.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(cause.getClass().getSimpleName());
            if (cause.getCause() == cause) {
                break;
            }
        }
        return chain.toString();
    }

    /**
     * Why this event is poison, or null when its failure is transient: refused by its handler or the
     * database as invalid data, or (whatever was thrown) breaking its type's JSON Schema. The reason
     * names exception classes and schema paths, never row data.
     */
    static String poisonReason(EventEnvelope.Incoming event, Throwable failure) {
        if (DatabaseOutage.causedBy(failure)) {
            return null;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EventEnvelope.MalformedEventException || cause instanceof RejectedEventException) {
                return cause.getMessage();
            }
            if (cause instanceof DataIntegrityViolationException) {
                return "refused by the database as invalid data (" + describe(failure) + ")";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        List<String> violations = EventSchemas.violations(event.type(), event.data());
        return violations.isEmpty() ? null
                : "breaks the " + event.type() + " schema: " + String.join("; ", violations) + " (" + describe(failure) + ")";
    }
}
