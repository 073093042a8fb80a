package com.carerelay.platform.consumer;

import java.util.Map;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The container error handler every consumer uses. {@link EventBatchConsumer} only lets transient
 * failures escape (it dead-letters poison itself), so every failure that reaches this handler is
 * retried: the whole batch again, with backoff from 200 ms doubling up to 10 s, for as long as it
 * takes, its offsets uncommitted. No exception type is exempt (spring-kafka's default would skip a
 * batch on e.g. a ClassCastException), and the recoverer, which would skip, is never reached.
 */
public final class TransientFailureRetry {

    static final long FIRST_BACKOFF_MS = 200;
    static final long MAX_BACKOFF_MS = 10_000;

    private TransientFailureRetry() {
    }

    public static DefaultErrorHandler errorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_BACKOFF_MS, 2.0);
        backOff.setMaxInterval(MAX_BACKOFF_MS);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            throw new IllegalStateException("a transient failure must never skip a record", failure);
        }, backOff);
        handler.setClassifications(Map.of(), true);
        return handler;
    }
}
