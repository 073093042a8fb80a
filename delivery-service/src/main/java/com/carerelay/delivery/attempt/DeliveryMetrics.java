package com.carerelay.delivery.attempt;

import com.carerelay.events.DeliveryStatusChanged.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Counters per channel and outcome, and the latency from send to delivery per channel. No PHI in tags. */
@Component
public class DeliveryMetrics {

    private final MeterRegistry meters;

    public DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
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
