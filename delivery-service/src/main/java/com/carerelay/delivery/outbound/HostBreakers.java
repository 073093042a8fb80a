package com.carerelay.delivery.outbound;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per external host of a channel (each push service, each webhook
 * host), so one endpoint that is down sheds its own load without holding up the others. Hosts are
 * not PHI but they are unbounded, so they stay out of metric tags: openings are counted per channel.
 */
public final class HostBreakers {

    private static final Logger log = LoggerFactory.getLogger(HostBreakers.class);

    private final String channel;
    private final CircuitBreakerRegistry registry;
    private final Duration waitInOpen;
    private final Counter opened;

    public HostBreakers(String channel, BreakerSettings settings, MeterRegistry meters) {
        this.channel = channel;
        this.waitInOpen = settings.waitInOpen();
        this.registry = CircuitBreakerRegistry.of(settings.config());
        this.opened = Counter.builder("carerelay.delivery.circuit.opened").tag("channel", channel)
                .description("Times a per-host circuit breaker of this channel opened").register(meters);
    }

    /** The breaker of this host (lower-cased), created on first use. */
    public synchronized CircuitBreaker forHost(String host) {
        String name = channel + ":" + host.toLowerCase();
        return registry.find(name).orElseGet(() -> {
            CircuitBreaker breaker = registry.circuitBreaker(name);
            breaker.getEventPublisher().onStateTransition(event -> {
                log.info("{} circuit breaker for {}: {}", channel, host, event.getStateTransition());
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    opened.increment();
                }
            });
            return breaker;
        });
    }

    /** When a try refused by an open breaker should come back. */
    public Instant retryAfterOpen() {
        return Instant.now().plus(waitInOpen);
    }
}
