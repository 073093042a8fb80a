package com.carerelay.platform.outbox;

import com.carerelay.events.EventEnvelope;
import com.carerelay.platform.worker.PollingLoop;
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
 * idempotent consumers turn into exactly-once effects.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final String SELECT_BATCH = "select seq, id, topic, event_key, type, source, subject, occurred_at, payload"
            + " from outbox_event order by seq limit ? for update skip locked";
    private static final String DELETE_BATCH = "delete from outbox_event where seq = any (?)";

    private final DataSource dataSource;
    private final Supplier<Producer<String, byte[]>> producers;
    private final int batchSize;
    private final PollingLoop loop;

    /**
     * @param producers asked for the producer per batch (Spring's factory answers its shared producer, or a
     *                  new one after a fatal error or a context restart closed it), so the relay never sticks
     */
    public OutboxRelay(DataSource dataSource, Supplier<Producer<String, byte[]>> producers, int batchSize, Duration idlePoll) {
        this.dataSource = dataSource;
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

    /** Publishes one batch and answers how many events it published. */
    public int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Producer<String, byte[]> producer = producers.get();
                List<Long> sequence = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
                    select.setInt(1, batchSize);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            sequence.add(rows.getLong("seq"));
                            EventEnvelope.Outgoing event = new EventEnvelope.Outgoing(
                                    rows.getObject("id", UUID.class), rows.getString("type"), rows.getString("topic"),
                                    rows.getString("event_key"), rows.getString("source"), rows.getString("subject"),
                                    rows.getTimestamp("occurred_at").toInstant(), rows.getBytes("payload"));
                            acks.add(producer.send(EventEnvelope.toRecord(event)));
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
