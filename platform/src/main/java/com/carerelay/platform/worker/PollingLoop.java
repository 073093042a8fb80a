package com.carerelay.platform.worker;

import com.carerelay.platform.logging.ServiceLogName;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one polling loop every background worker runs (the outbox relay, delivery-service's channel
 * workers): a thread that runs a step, waits up to {@code idlePoll} (or until {@link #wakeUp()}) when
 * the step found less than a full batch, and after a failure waits with backoff from 200 ms doubling
 * to 10 s. Stopping waits for the step in progress, then interrupts it, so shutdown never hangs.
 */
public final class PollingLoop {

    /** One pass of the worker; answers how many items it handled. */
    @FunctionalInterface
    public interface Step {
        int run() throws Exception;
    }

    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    private final String name;
    private final int batchSize;
    private final Duration idlePoll;
    private final Step step;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public PollingLoop(String name, int batchSize, Duration idlePoll, Step step) {
        this.name = name;
        this.batchSize = batchSize;
        this.idlePoll = idlePoll;
        this.step = step;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        // the starter's MDC (the service's name on the log lines, see ServiceLogName)
        Map<String, String> logContext = ServiceLogName.inherit();
        thread = Thread.ofPlatform().name(name).daemon().start(() -> {
            ServiceLogName.adopt(logContext);
            run();
        });
    }

    /** Asks the loop to run its step now, e.g. right after a commit that gave it work. */
    public void wakeUp() {
        wakeUp.release();
    }

    /** Stops the loop: waits up to {@code patience} for the step in progress, then interrupts it. */
    public synchronized void stop(Duration patience) {
        running = false;
        if (thread == null) {
            return;
        }
        wakeUp.release();
        try {
            thread.join(patience.toMillis());
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                int handled = step.run();
                backoff = FIRST_BACKOFF;
                if (handled < batchSize) {
                    wakeUp.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                log.warn("{} failed, retrying in {} ms: {}", name, backoff.toMillis(), e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }
}
