package com.carerelay.delivery.email;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a transient failure is tried again: exponential backoff from {@code initial-interval},
 * capped at {@code max-interval}, with up to 20% random jitter so a recovering relay is not hit by
 * every retry at once; after {@code max-attempts} tries the attempt fails for good.
 */
public class RetrySchedule {

    private final Duration initialInterval;
    private final double multiplier;
    private final Duration maxInterval;
    private final int maxAttempts;

    public RetrySchedule(Duration initialInterval, double multiplier, Duration maxInterval, int maxAttempts) {
        this.initialInterval = initialInterval;
        this.multiplier = multiplier;
        this.maxInterval = maxInterval;
        this.maxAttempts = maxAttempts;
    }

    /** Whether an attempt that has been tried {@code tries} times may be tried again. */
    public boolean allowsAnotherTry(int tries) {
        return tries < maxAttempts;
    }

    /** The wait after the {@code tries}-th failed try, without jitter. */
    public Duration delayAfter(int tries) {
        double millis = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, tries - 1));
        return millis >= maxInterval.toMillis() ? maxInterval : Duration.ofMillis((long) millis);
    }

    /** When to try again after the {@code tries}-th failed try, jitter included. */
    public Instant nextTry(int tries, Instant now) {
        long delay = delayAfter(tries).toMillis();
        long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return now.plusMillis(delay + jitter);
    }
}
