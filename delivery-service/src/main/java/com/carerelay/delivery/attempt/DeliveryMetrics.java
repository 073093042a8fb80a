package com.carerelay.delivery.attempt;

import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Counters per channel and outcome, and the latency from send to delivery per channel. No PHI in tags. */
@Component
public class DeliveryMetrics {

    private final MeterRegistry meters;
    private final Timer fanOutBatches;
    private final DistributionSummary fanOutBatchSize;

    public DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.fanOutBatches = Timer.builder("carerelay.delivery.fanout.batch")
                .description("Time to fan out one consumer batch of message events (inside its transaction)")
                .register(meters);
        this.fanOutBatchSize = DistributionSummary.builder("carerelay.delivery.fanout.batch.size")
                .description("Message events per fanned-out batch").register(meters);
    }

    public void fanOut(int events, long nanos) {
        fanOutBatches.record(nanos, TimeUnit.NANOSECONDS);
        fanOutBatchSize.record(events);
    }

    /**
     * The time one try at an external party took (push service, webhook endpoint, HISP relay), per
     * channel and outcome ({@code sent}, {@code retry}, {@code failed}, {@code deferred}).
     */
    public void tried(Channel channel, String outcome, long nanos) {
        Timer.builder("carerelay.delivery.try")
                .description("One try at delivering over an external channel, by channel and outcome")
                .tag("channel", channel.name()).tag("outcome", outcome)
                .publishPercentileHistogram().register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts an event of a channel that is not an attempt outcome, e.g. a push subscription gone or a webhook disabled. */
    public void event(String name, Channel channel) {
        Counter.builder(name).tag("channel", channel.name()).register(meters).increment();
    }

    /**
     * Attempts that reached a state, counted per channel and outcome, and per message the time it was
     * sent for the latency to delivery; memory stays small however many recipients a batch has.
     */
    public static final class Tally {

        private record Outcome(Channel channel, Status status) {
        }

        private final Map<Outcome, Long> counts = new HashMap<>();
        private final Map<Outcome, Map<UUID, Instant>> sentAt = new HashMap<>();

        public void add(DeliveryAttempt attempt) {
            Outcome outcome = new Outcome(attempt.channel(), attempt.status());
            counts.merge(outcome, 1L, Long::sum);
            if (attempt.status() == Status.delivered || attempt.status() == Status.sent) {
                sentAt.computeIfAbsent(outcome, o -> new HashMap<>()).putIfAbsent(attempt.messageId(), attempt.messageSentAt());
            }
        }

        public long counted(Channel channel, Status status) {
            return counts.getOrDefault(new Outcome(channel, status), 0L);
        }
    }

    /** Records attempts that reached the state they carry (after the state was committed). */
    public void record(List<DeliveryAttempt> attempts) {
        Tally tally = new Tally();
        attempts.forEach(tally::add);
        record(tally);
    }

    public void record(Tally tally) {
        Instant now = Instant.now();
        tally.counts.forEach((outcome, count) -> Counter.builder("carerelay.delivery.attempts")
                .description("Delivery attempts by channel and outcome")
                .tag("channel", outcome.channel().name()).tag("outcome", outcome.status().name())
                .register(meters).increment(count));
        tally.sentAt.forEach((outcome, messages) -> {
            Timer latency = Timer.builder("carerelay.delivery.latency")
                    .description("From message sent to delivered or sent, per message and channel")
                    .tag("channel", outcome.channel().name()).publishPercentileHistogram().register(meters);
            messages.values().forEach(sent -> latency.record(Duration.between(sent, now)));
        });
    }
}
