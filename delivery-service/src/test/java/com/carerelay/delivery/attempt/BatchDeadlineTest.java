package com.carerelay.delivery.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.delivery.attempt.AttemptWorker.Claimed;
import com.carerelay.delivery.attempt.AttemptWorker.Result;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import com.carerelay.events.PrincipalKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One batch of a channel has one deadline: an attempt still running then is cut off and retried later. */
class BatchDeadlineTest {

    @Test
    void anAttemptStillRunningAtTheBatchDeadlineIsRetriedWhileTheOthersKeepTheirResult() {
        Claimed fast = claimed();
        Claimed stuck = claimed();
        AtomicBoolean interrupted = new AtomicBoolean();
        Worker worker = new Worker(new AttemptWorker.Settings(false, 10, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofMillis(500)), stuck.attempt().id(), interrupted);

        long started = System.nanoTime();
        Map<UUID, Result> results = worker.deliver(List.of(fast, stuck));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(results.get(fast.attempt().id()).kind()).isEqualTo(Result.Kind.sent);
        assertThat(results.get(stuck.attempt().id()))
                .isEqualTo(Result.retry("webhook delivery did not finish within the batch deadline"));
        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
    }

    private static Claimed claimed() {
        return new Claimed(new DeliveryAttempt(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), PrincipalKind.client, "Casey Lin", Channel.webhook, Status.queued,
                null, null, Instant.now(), 1), "{}", null);
    }

    /** A channel whose one endpoint never answers. */
    private static final class Worker extends AttemptWorker {

        private final UUID stuck;
        private final AtomicBoolean interrupted;

        Worker(Settings settings, UUID stuck, AtomicBoolean interrupted) {
            super(Channel.webhook, null, null, null, null, new DeliveryMetrics(new SimpleMeterRegistry()), settings);
            this.stuck = stuck;
            this.interrupted = interrupted;
        }

        @Override
        protected Map<UUID, Result> deliver(List<Claimed> claimed) {
            return eachInParallel(claimed, one -> {
                if (one.attempt().id().equals(stuck)) {
                    try {
                        Thread.sleep(Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                }
                return Result.sent(null);
            });
        }
    }
}
