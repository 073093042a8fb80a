package com.carerelay.delivery.attempt;

import com.carerelay.delivery.attempt.AttemptWorker.Claimed;
import com.carerelay.delivery.attempt.AttemptWorker.Result;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try per claimed attempt, each on its own virtual thread (one slow endpoint does not hold up the
 * others), timed per channel and outcome. The batch has one deadline: a try still running then is
 * interrupted and retried later; a try that throws is retried too.
 */
final class ParallelTries {

    private static final Logger log = LoggerFactory.getLogger(ParallelTries.class);

    private ParallelTries() {
    }

    static Map<UUID, Result> run(Channel channel, DeliveryMetrics metrics, Duration batchDeadline, List<Claimed> claimed,
                                 Function<Claimed, Result> one) {
        Map<UUID, Future<Result>> running = new LinkedHashMap<>();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Map<UUID, Result> results = new LinkedHashMap<>();
        try {
            for (Claimed attempt : claimed) {
                running.put(attempt.attempt().id(), executor.submit(() -> {
                    long started = System.nanoTime();
                    Result result = one.apply(attempt);
                    metrics.tried(channel, result.kind().name(), System.nanoTime() - started);
                    return result;
                }));
            }
            long deadline = System.nanoTime() + batchDeadline.toNanos();
            running.forEach((id, future) -> results.put(id, outcome(channel, id, future, deadline)));
        } finally {
            executor.shutdownNow();
        }
        return results;
    }

    private static Result outcome(Channel channel, UUID id, Future<Result> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Result.retry(channel + " delivery did not finish within the batch deadline");
        } catch (ExecutionException e) {
            log.warn("{} delivery of attempt {} failed unexpectedly: {}", channel, id, e.getCause().toString());
            return Result.retry(channel + " delivery failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return Result.retry(channel + " delivery interrupted");
        }
    }
}
