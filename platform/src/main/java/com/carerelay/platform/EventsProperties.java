package com.carerelay.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code carerelay.events.*}: a service that publishes sets {@code source} (its CloudEvents source)
 * and gets the outbox writer and relay; one that consumes sets {@code consumer-group} and gets the
 * batch consumer, its retry policy and its dead-letter topic.
 */
@ConfigurationProperties("carerelay.events")
public record EventsProperties(String source, String consumerGroup, Outbox outbox) {

    public EventsProperties {
        outbox = outbox == null ? new Outbox(500, Duration.ofMillis(100)) : outbox;
    }

    /** How many rows the relay publishes per batch, and how often it looks when nobody wakes it. */
    public record Outbox(int batchSize, Duration idlePoll) {
        public Outbox {
            batchSize = batchSize <= 0 ? 500 : batchSize;
            idlePoll = idlePoll == null ? Duration.ofMillis(100) : idlePoll;
        }
    }
}
