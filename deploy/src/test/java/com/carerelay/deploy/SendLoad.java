package com.carerelay.deploy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady sends at a fixed rate, round robin over a few staff senders, as well-behaved clients: every send has
 * its own {@code Idempotency-Key}; on 503, 502, 504, a timeout or a connection error it is retried with the SAME
 * key and body (capped backoff) until it gets an answer or {@code giveUp} has passed. Any other answer ends the
 * send. Every send is attributed to the phase (fault) current when it was first tried.
 */
final class SendLoad implements AutoCloseable {

    static final int MAX_PHASES = 32;
    private static final Pattern ID = Pattern.compile("^\\{\"id\":\"([0-9a-f-]{36})\"");

    /** A sender: who, its token (signed in again once on a 401), and whom it writes to. */
    record Sender(UUID id, Supplier<String> token, Runnable signInAgain, List<UUID> recipients) {
    }

    /** How one send ended. {@code status} is the final answer, -1 for gave up. */
    record Outcome(int phase, String key, UUID sender, UUID recipient, int status, UUID messageId, int tries,
                   Instant firstTry, Instant answered) {
        boolean accepted() {
            return status == 201;
        }
    }

    private final String host;
    private final int port;
    private final List<Sender> senders;
    private final double perSecond;
    private final Duration giveUp;
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Queue<KeepAliveClient> clients = new ConcurrentLinkedQueue<>();
    private final Semaphore inFlight;
    private final AtomicInteger phase = new AtomicInteger();
    /** answers per phase (at the time of the answer): 503s, other 5xx, connection errors/timeouts, 201s. */
    final AtomicLongArray unavailable = new AtomicLongArray(MAX_PHASES);
    final AtomicLongArray otherServerErrors = new AtomicLongArray(MAX_PHASES);
    final AtomicLongArray connectionErrors = new AtomicLongArray(MAX_PHASES);
    final AtomicLongArray notSent = new AtomicLongArray(MAX_PHASES);
    private final Queue<String> otherErrorSamples = new ConcurrentLinkedQueue<>();
    private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;
    private Thread pacer;

    SendLoad(String host, int port, List<Sender> senders, double perSecond, Duration giveUp, int maxInFlight) {
        this.host = host;
        this.port = port;
        this.senders = senders;
        this.perSecond = perSecond;
        this.giveUp = giveUp;
        this.inFlight = new Semaphore(maxInFlight);
    }

    void phase(int next) {
        phase.set(next);
    }

    int phase() {
        return phase.get();
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    List<String> otherErrorSamples() {
        return List.copyOf(otherErrorSamples);
    }

    void start() {
        pacer = Thread.ofPlatform().name("send-pacer").daemon().start(() -> {
            long intervalNanos = (long) (1_000_000_000L / perSecond);
            long next = System.nanoTime();
            long n = 0;
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next += intervalNanos;
                Sender sender = senders.get((int) (n % senders.size()));
                UUID recipient = sender.recipients().get((int) ((n / senders.size()) % sender.recipients().size()));
                n++;
                int current = phase.get();
                if (!inFlight.tryAcquire()) {
                    notSent.incrementAndGet(current); // the client is saturated with retries: it would queue, not send
                    continue;
                }
                sends.submit(() -> {
                    try {
                        send(current, sender, recipient);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        });
    }

    private void send(int phaseAtStart, Sender sender, UUID recipient) {
        String key = "fault-" + UUID.randomUUID();
        String body = "{\"subject\":\"Check-in\",\"body\":\"Please confirm tomorrow's appointment (" + key + ").\","
                + "\"recipients\":{\"staffIds\":[\"" + recipient + "\"]}}";
        Instant first = Instant.now();
        Instant deadline = first.plus(giveUp);
        long backoff = 100;
        int tries = 0;
        boolean reauthenticated = false;
        while (true) {
            tries++;
            KeepAliveClient client = clients.poll();
            if (client == null) {
                client = new KeepAliveClient(host, port, 30_000);
            }
            int status;
            String answer;
            try {
                KeepAliveClient.Response response = client.post("/api/v1/messages", sender.token().get(), body, key);
                status = response.status();
                answer = response.body();
                clients.add(client);
            } catch (IOException | RuntimeException e) {
                closeQuietly(client);
                status = -1;
                answer = e.toString();
            }
            int now = phase.get();
            if (status == 201 || status == 200) {
                outcomes.add(new Outcome(phaseAtStart, key, sender.id(), recipient, status, messageId(answer), tries,
                        first, Instant.now()));
                return;
            }
            boolean retry = status == -1 || status == 503 || status == 502 || status == 504;
            if (status == -1) {
                connectionErrors.incrementAndGet(now);
            } else if (status == 503) {
                unavailable.incrementAndGet(now);
            } else if (status >= 500) {
                otherServerErrors.incrementAndGet(now);
                sample(now, status, answer);
            } else if (status == 401 && !reauthenticated) {
                reauthenticated = true; // a client signs in again once, then retries
                sample(now, status, answer);
                try {
                    sender.signInAgain().run();
                    retry = true;
                } catch (RuntimeException e) {
                    sample(now, -1, "signing in again failed: " + e);
                }
            } else {
                sample(now, status, answer);
            }
            if (!retry || Instant.now().isAfter(deadline) || !running) {
                outcomes.add(new Outcome(phaseAtStart, key, sender.id(), recipient, retry ? -1 : status, null, tries,
                        first, Instant.now()));
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(2000, backoff * 2);
        }
    }

    private void sample(int phase, int status, String answer) {
        if (otherErrorSamples.size() < 50) {
            otherErrorSamples.add("phase " + phase + ": " + status + " " + (answer == null ? ""
                    : answer.substring(0, Math.min(300, answer.length()))));
        }
    }

    private static UUID messageId(String body) {
        Matcher matcher = ID.matcher(body == null ? "" : body);
        return matcher.find() ? UUID.fromString(matcher.group(1)) : null;
    }

    private static void closeQuietly(KeepAliveClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    /** Stops pacing new sends; sends being retried go on until answered or {@code drain} has passed. */
    void stop(Duration drain) throws InterruptedException {
        Thread running = pacer;
        this.pacerStop();
        running.join();
        sends.shutdown();
        sends.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pacerStop() {
        // new sends stop; retries keep going (running stays true for them) until the drain ends
        pacer.interrupt();
    }

    @Override
    public void close() {
        running = false;
        sends.shutdownNow();
        clients.forEach(SendLoad::closeQuietly);
    }
}
