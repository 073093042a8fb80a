package com.carerelay.delivery.outbound;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;

/**
 * {@code carerelay.<channel>.circuit-breaker.*}: how a channel's circuit breakers open (share of failed
 * calls in a sliding window of calls, after a minimum) and how long they stay open before one trial call.
 */
public record BreakerSettings(float failureRateThreshold, int slidingWindow, int minimumCalls, Duration waitInOpen) {

    public CircuitBreakerConfig config() {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold)
                .slidingWindowSize(slidingWindow)
                .minimumNumberOfCalls(minimumCalls)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
    }
}
