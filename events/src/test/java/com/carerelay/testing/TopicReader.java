package com.carerelay.testing;

import com.carerelay.events.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning the way an ops person would, with a plain Kafka consumer. */
public final class TopicReader {

    /** One record as seen on the wire. */
    public record Seen(String key, Map<String, String> headers, byte[] value, int partition, long offset) {

        public EventEnvelope.Incoming event() {
            return EventEnvelope.read(headers, value);
        }
    }

    private TopicReader() {
    }

    /** Waits until a record matching {@code condition} shows up on the topic, and answers it. */
    public static Seen await(String bootstrapServers, String topic, Predicate<Seen> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<Seen> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            seen = readAll(bootstrapServers, topic, Duration.ofSeconds(1));
            for (Seen record : seen) {
                if (condition.test(record)) {
                    return record;
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout + "; saw " + seen.size());
    }

    public static List<Seen> readAll(String bootstrapServers, String topic, Duration pollFor) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Seen> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                return records;
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            Instant deadline = Instant.now().plus(pollFor);
            while (Instant.now().isBefore(deadline)
                    && assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value()));
                    }
                    records.add(new Seen(record.key(), headers, record.value(), record.partition(), record.offset()));
                }
            }
        }
        return records;
    }
}
