package com.carerelay.platform.deadletter;

import com.carerelay.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records a consumer group dead-lettered (e.g. {@code delivery-service.dlq}): events that could
 * not be read or that the handler refused, with {@code x-dead-letter-reason}. Listing shows a
 * practice only its own records (by the {@code practiceId} in the event) and never the payload;
 * records with no readable practice are only counted. A redrive publishes the record again, with
 * its original CloudEvents headers and {@code ce_id}, to the topic its type belongs on, so the
 * consumer handles it like any event (and de-duplicates it like any event); each dead-letter record
 * is redriven at most once.
 */
public class DeadLetters {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One dead-lettered record as ops see it: where it is, what it was, why it failed, whether it was redriven. */
    public record DeadLetter(int partition, long offset, Instant deadLetteredAt, String key, String eventId, String type,
                             String reason, String originalTopic, Instant redrivenAt) {
    }

    /** A listing: the caller's practice's records (newest last) and how many records name no readable practice. */
    public record Listing(List<DeadLetter> records, int unattributed) {
    }

    /** A redrive that happened. */
    public record Redriven(int partition, long offset, String topic, String eventId, Instant redrivenAt) {
    }

    /** Why a record cannot be redriven. */
    public static final class NotRedrivable extends RuntimeException {
        public NotRedrivable(String reason) {
            super(reason);
        }
    }

    private record Read(ConsumerRecord<String, byte[]> record, UUID practiceId) {
    }

    private final String topic;
    private final KafkaProperties kafka;
    private final ProducerFactory<?, ?> producers;
    private final JdbcTemplate jdbc;
    private final int scanLimit;

    @SuppressWarnings("unchecked")
    public DeadLetters(String consumerGroup, KafkaProperties kafka, ProducerFactory<?, ?> producers, JdbcTemplate jdbc,
                       int scanLimit) {
        this.topic = Topics.deadLetter(consumerGroup);
        this.kafka = kafka;
        this.producers = producers;
        this.jdbc = jdbc;
        this.scanLimit = scanLimit;
    }

    /** The newest {@code limit} records of this practice. */
    public Listing list(UUID practiceId, int limit) {
        Deque<DeadLetter> newest = new ArrayDeque<>();
        int unattributed = 0;
        Map<String, Instant> redriven = redrivenAt(practiceId);
        for (Read read : scan()) {
            if (read.practiceId() == null) {
                unattributed++;
            } else if (read.practiceId().equals(practiceId)) {
                ConsumerRecord<String, byte[]> record = read.record();
                String type = header(record, "ce_type");
                newest.addLast(new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                        record.key(), header(record, "ce_id"), type, header(record, "x-dead-letter-reason"),
                        Topics.ofType(type),
                        redriven.get(record.partition() + "/" + record.offset())));
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
        }
        return new Listing(List.copyOf(newest), unattributed);
    }

    /**
     * Publishes the record again to its original topic and records that it was redriven. Empty when
     * the practice has no such record.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<Redriven> redrive(UUID practiceId, int partition, long offset, UUID requestedBy) {
        Optional<Read> found = readOne(partition, offset);
        if (found.isEmpty() || !practiceId.equals(found.get().practiceId())) {
            return Optional.empty();
        }
        ConsumerRecord<String, byte[]> record = found.get().record();
        String type = header(record, "ce_type");
        String topic = Topics.ofType(type);
        if (topic == null) {
            throw new NotRedrivable("the record's event type has no topic this service consumes");
        }
        Instant now = Instant.now();
        try {
            jdbc.update("""
                    insert into dead_letter_redrive (dlq_partition, dlq_offset, practice_id, topic, event_id, redriven_by,
                        redriven_at) values (?, ?, ?, ?, ?, ?, ?)""", partition, offset, practiceId, topic,
                    header(record, "ce_id"), requestedBy, java.sql.Timestamp.from(now));
        } catch (DuplicateKeyException e) {
            throw new NotRedrivable("this record was already redriven");
        }
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(topic, record.key(), record.value());
        for (Header header : record.headers()) {
            if (header.key().startsWith("ce_") || header.key().equals("content-type")) {
                again.headers().add(header.key(), header.value());
            }
        }
        again.headers().add("x-redriven-from", (this.topic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
        try {
            ((Producer<String, byte[]>) producers.createProducer()).send(again).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // not acknowledged: the redrive is rolled back and can be asked for again
            throw new IllegalStateException("topic " + topic + " did not acknowledge the redriven record", e);
        }
        return Optional.of(new Redriven(partition, offset, topic, header(record, "ce_id"), now));
    }

    private Map<String, Instant> redrivenAt(UUID practiceId) {
        Map<String, Instant> redriven = new HashMap<>();
        jdbc.query("select dlq_partition, dlq_offset, redriven_at from dead_letter_redrive where practice_id = ?",
                row -> {
                    redriven.put(row.getInt(1) + "/" + row.getLong(2), row.getTimestamp(3).toInstant());
                }, practiceId);
        return redriven;
    }

    /** Reads the topic from the start (at most {@code scan-limit} records, the newest ones). */
    private List<Read> scan() {
        List<Read> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            if (partitions.isEmpty()) {
                return read;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            int perPartition = Math.max(1, scanLimit / partitions.size());
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - perPartition));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        read.add(new Read(record, practiceOf(record.value())));
                    }
                }
            }
        }
        return read;
    }

    private Optional<Read> readOne(int partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition topicPartition = new TopicPartition(this.topic, partition);
            if (partitions(consumer).stream().noneMatch(topicPartition::equals)) {
                return Optional.empty();
            }
            consumer.assign(List.of(topicPartition));
            long end = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
            if (offset < 0 || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(topicPartition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.of(new Read(record, practiceOf(record.value())));
                    }
                    if (record.offset() > offset) {
                        return Optional.empty(); // compacted or deleted away
                    }
                }
            }
            return Optional.empty();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        return infos == null ? List.of() : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The practice an event names, or null when the record is not readable JSON with a practice id. */
    private static UUID practiceOf(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode practice = JSON.readTree(value).get("practiceId");
            return practice == null || !practice.isString() ? null : UUID.fromString(practice.asString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
