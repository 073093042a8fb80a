package com.carerelay.delivery.webhook;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.outbound.BreakerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code carerelay.webhook.*}: the practice webhook channel (see delivery-service.yml for the defaults and variables). */
@ConfigurationProperties("carerelay.webhook")
public record WebhookProperties(boolean enabled, Duration timeout, boolean allowPrivateNetworks, boolean requireHttps,
                                int batchSize, Duration idlePoll, Duration lease, Duration batchTimeout, BreakerSettings circuitBreaker) {

    public AttemptWorker.Settings worker() {
        return new AttemptWorker.Settings(enabled, batchSize, idlePoll, lease, batchTimeout);
    }
}
