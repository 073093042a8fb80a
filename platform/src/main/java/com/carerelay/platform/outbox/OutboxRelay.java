package com.carerelay.platform.outbox;

import com.carerelay.events.EventEnvelope;
import com.carerelay.platform.tracing.EventTracing;
import com.carerelay.platform.worker.PollingLoop;
import io.micrometer.tracing.Span;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes outbox rows to Kafka in order, in batches: it locks a batch ({@code for update skip locked},
 * so several instances share the work), sends every record, waits for the broker's acknowledgement
 * of each (acks=all), and only then deletes the rows and commits. A crash anywhere before the commit
 * leaves the rows in place and they are published again on restart: at-least-once, which the
 * idempotent consumers turn into exactly-once effects. Each send is a producer span continuing the trace stored
 * with its row, and the record carries that span's context ({@code ce_traceparent}).
 */
public final class OutboxRelay implements AutoCloseable {

    private static final String SELECT_BATCH = "select seq, id, topic, event_key, type, source, subject, occurred_at, payload,"
            + " traceparent, tracestate"
            + " from outbox_event order by seq limit ? for update skip locked";
    private static final String DELETE_BATCH = "delete from outbox_event where seq = any (?)";

    private final DataSource dataSource;
    private final Supplier<Producer<String, byte[]>> producers;
    private final int batchSize;
    private final PollingLoop loop;
    private final EventTracing tracing;

    /**
     * @param producers asked for the producer per batch (Spring's factory answers its shared producer, or a
     *                  new one after a fatal error or a context restart closed it), so the relay never sticks
     */
    public OutboxRelay(DataSource dataSource, Supplier<Producer<String, byte[]>> producers, int batchSize, Duration idlePoll,
                       EventTracing tracing) {
        this.dataSource = dataSource;
        this.tracing = tracing;
        this.producers = producers;
        this.batchSize = batchSize;
        this.loop = new PollingLoop("outbox-relay", batchSize, idlePoll, this::publishBatch);
    }

    public void start() {
        loop.start();
    }

    /** Asks the relay to look at the outbox now, e.g. right after a commit that wrote to it. */
    public void wakeUp() {
        loop.wakeUp();
    }

    /** Stops publishing; rows not yet published stay in the outbox (a database going away cannot hold it up). */
    public void stop() {
        loop.stop(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        stop(); // the producer belongs to the factory, which closes it
    }

    /** Rows waiting to be published. */
    public long backlog() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("select count(*) from outbox_event");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Seconds since the oldest row waiting to be published was written (0 when none waits, -1 when the database cannot say). */
    public double oldestAgeSeconds() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement age = connection.prepareStatement(
                     "select coalesce(extract(epoch from now() - min(occurred_at)), 0) from outbox_event");
             ResultSet rows = age.executeQuery()) {
            rows.next();
            return Math.max(0, rows.getDouble(1));
        } catch (SQLException e) {
            return -1;
        }
    }

    /** The event as sent: in a producer span continuing its stored trace, carrying that span's context. */
    private EventEnvelope.Outgoing published(EventEnvelope.Outgoing event, List<Span> spans) {
        Span span = tracing.start("publish " + event.topic(), Span.Kind.PRODUCER, event.trace());
        if (span == null) {
            return event;
        }
        spans.add(span.tag("messaging.system", "kafka").tag("messaging.destination.name", event.topic())
                .tag("cloudevents.event_id", event.id().toString()).tag("cloudevents.event_type", event.type()));
        return event.withTrace(tracing.contextOf(span));
    }

    /** Publishes one batch and answers how many events it published. */
    public int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Producer<String, byte[]> producer = producers.get();
                List<Long> sequence = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<Span> spans = new ArrayList<>();
                try {
                    try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
                        select.setInt(1, batchSize);
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                sequence.add(rows.getLong("seq"));
                                EventEnvelope.Outgoing event = new EventEnvelope.Outgoing(
                                        rows.getObject("id", UUID.class), rows.getString("type"), rows.getString("topic"),
                                        rows.getString("event_key"), rows.getString("source"), rows.getString("subject"),
                                        rows.getTimestamp("occurred_at").toInstant(), rows.getBytes("payload"),
                                        EventEnvelope.TraceContext.of(rows.getString("traceparent"), rows.getString("tracestate")));
                                acks.add(producer.send(EventEnvelope.toRecord(published(event, spans))));
                            }
                        }
                    }
                    if (sequence.isEmpty()) {
                        connection.rollback();
                        return 0;
                    }
                    producer.flush();
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get(30, TimeUnit.SECONDS);
                    }
                } catch (Exception e) {
                    spans.forEach(span -> span.error(e));
                    throw e;
                } finally {
                    spans.forEach(Span::end);
                }
                try (PreparedStatement delete = connection.prepareStatement(DELETE_BATCH)) {
                    Array seqs = connection.createArrayOf("bigint", sequence.toArray());
                    delete.setArray(1, seqs);
                    delete.executeUpdate();
                }
                connection.commit();
                return sequence.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
