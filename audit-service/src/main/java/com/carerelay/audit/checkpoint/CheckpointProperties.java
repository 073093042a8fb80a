package com.carerelay.audit.checkpoint;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code carerelay.audit.checkpoint.*} (besides {@code private-key}, which {@code CheckpointSigner}
 * reads): how often every practice's chain head is signed and exported ({@code interval}), the
 * file sink's {@code directory} (blank: only allowed where development keys are, a temporary directory
 * whose checkpoints die with it), and {@code topic}: a Kafka topic every checkpoint is also published to
 * (blank: none).
 */
@ConfigurationProperties("carerelay.audit.checkpoint")
public record CheckpointProperties(Duration interval, Path directory, String topic) {

    public CheckpointProperties {
        interval = interval == null ? Duration.ofMinutes(10) : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("carerelay.audit.checkpoint.interval must be positive");
        }
    }
}
