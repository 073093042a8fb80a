package com.carerelay.delivery.email;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.outbound.BreakerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code carerelay.email.*}: PHI-free e-mail notices, their links, the SMTP relay's circuit breaker and
 * the retry schedule every channel shares (see delivery-service.yml for the defaults and variables).
 */
@ConfigurationProperties("carerelay.email")
public record EmailProperties(boolean enabled, String defaultFrom, String staffLink, String clientLink, int batchSize,
                              Duration idlePoll, Duration lease, BreakerSettings circuitBreaker, Retry retry) {

    /** Waits of {@code initialInterval} times {@code multiplier} per try, at most {@code maxInterval}, {@code maxAttempts} tries. */
    public record Retry(Duration initialInterval, double multiplier, Duration maxInterval, int maxAttempts) {
    }

    public AttemptWorker.Settings worker() {
        return new AttemptWorker.Settings(enabled, batchSize, idlePoll, lease);
    }
}
