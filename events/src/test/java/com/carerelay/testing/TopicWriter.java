package com.carerelay.testing;

import com.carerelay.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events (or deliberately broken records) to a real topic, as another service would. */
public final class TopicWriter {

    private TopicWriter() {
    }

    public static void publish(String bootstrapServers, EventEnvelope.Outgoing... events) {
        publishAll(bootstrapServers, List.of(events));
    }

    /** Publishes in order (one key's events stay in order), all in flight at once, and waits for every ack. */
    public static void publishAll(String bootstrapServers, List<EventEnvelope.Outgoing> events) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
            for (EventEnvelope.Outgoing event : events) {
                acks.add(producer.send(EventEnvelope.toRecord(event)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publishRaw(String bootstrapServers, String topic, String key, Map<String, String> headers, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }
}
