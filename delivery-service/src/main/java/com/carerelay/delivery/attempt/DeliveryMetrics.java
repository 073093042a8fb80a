package com.carerelay.delivery.attempt;

import com.carerelay.events.DeliveryStatusChanged.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /** Counts attempts that reached the state they carry (after the state was committed). */
    public void record(List<DeliveryAttempt> attempts) {
        Instant now = Instant.now();
        for (DeliveryAttempt attempt : attempts) {
            Counter.builder("carerelay.delivery.attempts").description("Delivery attempts by channel and outcome")
                    .tag("channel", attempt.channel().name()).tag("outcome", attempt.status().name())
                    .register(meters).increment();
            if (attempt.status() == Status.delivered || attempt.status() == Status.sent) {
                Timer.builder("carerelay.delivery.latency").description("From message sent to delivered or sent")
                        .tag("channel", attempt.channel().name()).publishPercentileHistogram()
                        .register(meters).record(Duration.between(attempt.messageSentAt(), now));
            }
        }
    }
}
