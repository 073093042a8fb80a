package com.carerelay.events.consumer;

import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The container error handler every consumer uses. {@link EventBatchConsumer} only lets transient
 * failures (database down) escape, so the batch is retried with backoff for as long as it takes:
 * nothing accepted is ever skipped.
 */
public final class TransientFailureRetry {

    private TransientFailureRetry() {
    }

    public static DefaultErrorHandler errorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
