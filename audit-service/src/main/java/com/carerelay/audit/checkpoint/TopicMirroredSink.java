package com.carerelay.audit.checkpoint;

import com.carerelay.audit.log.CheckpointSigner;
import com.carerelay.audit.log.ExportedCheckpoints;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file sink, with every checkpoint also published to a Kafka topic (key: the practice id, value:
 * the same JSON line) before it is appended to the file: a second copy outside the database, for a
 * consumer that archives it (give the topic unlimited retention and let only audit-service write it).
 * Published first and acknowledged by the broker, so a checkpoint the file holds is on the topic too; a
 * failed publish appends nothing and the next round signs again. Verification reads the file.
 */
class TopicMirroredSink implements CheckpointSink {

    private final FileCheckpointSink file;
    private final String topic;
    private final ProducerFactory<?, ?> producers;
    private final JsonMapper json;

    TopicMirroredSink(FileCheckpointSink file, String topic, ProducerFactory<?, ?> producers, JsonMapper json) {
        this.file = file;
        this.topic = topic;
        this.producers = producers;
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void write(CheckpointSigner.Checkpoint checkpoint) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, checkpoint.practiceId().toString(),
                json.writeValueAsString(checkpoint).getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        try {
            ((Producer<String, byte[]>) producers.createProducer()).send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("topic " + topic + " did not acknowledge the checkpoint", e);
        }
        file.write(checkpoint);
    }

    @Override
    public ExportedCheckpoints read(UUID practiceId) {
        return file.read(practiceId);
    }
}
