package com.carerelay.audit.checkpoint;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code carerelay.audit.checkpoint.*} (besides {@code private-key}, which {@code CheckpointSigner}
 * reads): how often every practice's chain head is signed and exported ({@code interval}), and the
 * file sink's {@code directory}. A blank directory is only allowed where development keys are
 * (a temporary directory is used, whose checkpoints die with it).
 */
@ConfigurationProperties("carerelay.audit.checkpoint")
public record CheckpointProperties(Duration interval, Path directory) {

    public CheckpointProperties {
        interval = interval == null ? Duration.ofMinutes(10) : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("carerelay.audit.checkpoint.interval must be positive");
        }
    }
}
