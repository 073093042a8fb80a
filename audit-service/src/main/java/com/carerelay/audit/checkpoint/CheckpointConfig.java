package com.carerelay.audit.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import tools.jackson.databind.json.JsonMapper;

/** The checkpoint sink and the schedule that signs and exports chain heads. */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(CheckpointProperties.class)
class CheckpointConfig {

    private static final Logger log = LoggerFactory.getLogger(CheckpointConfig.class);

    /**
     * The file sink in {@code carerelay.audit.checkpoint.directory}. Unset, the service refuses to start
     * (checkpoints that are not exported protect nothing), except where development keys are allowed
     * (the local stack, tests): there a temporary directory is used. With {@code topic} set, every
     * checkpoint is also published there.
     */
    @Bean
    CheckpointSink checkpointSink(CheckpointProperties properties, JsonMapper json, ProducerFactory<?, ?> producers,
                                  @Value("${carerelay.secrets.allow-development-keys:false}") boolean development)
            throws IOException {
        Path directory = properties.directory();
        if (directory == null || directory.toString().isBlank()) {
            if (!development) {
                throw new IllegalStateException("Refusing to start: carerelay.audit.checkpoint.directory"
                        + " (AUDIT_CHECKPOINT_DIR) is not set; signed checkpoints must be exported outside the database");
            }
            directory = Files.createTempDirectory("carerelay-audit-checkpoints");
            log.warn("No checkpoint directory configured (AUDIT_CHECKPOINT_DIR): exporting checkpoints to {}, "
                    + "development only", directory);
        }
        FileCheckpointSink file = new FileCheckpointSink(directory, json);
        if (properties.topic() == null || properties.topic().isBlank()) {
            return file;
        }
        return new TopicMirroredSink(file, properties.topic(), producers, json);
    }
}
