package com.carerelay.delivery.notification;

import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.notification.web.NotificationView;
import com.carerelay.platform.web.ApiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live notification streams (Server-Sent Events) open on this instance, per principal. Notices
 * are handed over by {@link LiveNotices} once their status event is out; each stream has its own small queue and
 * virtual thread, so a slow or dead client never holds up the consumer or the other streams. A
 * stream whose queue overflows is closed: the client reconnects and reloads its feed.
 * <p>
 * Streams are bounded: at most {@code streams-per-principal} per person and {@code streams-per-instance}
 * in all (more: 429 with Retry-After); a stream ends when the token it was opened with expires, and
 * within {@code revocation-check} of the directory replica learning that its principal was
 * deactivated, deleted or had portal access revoked.
 * <p>
 * On shutdown every stream is completed before the web server's graceful shutdown starts, which
 * would otherwise wait for these never-ending requests; clients reconnect to another instance.
 */
@Component
@EnableConfigurationProperties(StreamLimits.class)
public class NotificationStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationStream.class);

    private record Key(UUID practiceId, UUID principalId) {
    }

    private final Map<Key, Set<Subscription>> subscriptions = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final int queueCapacity;
    private final StreamLimits limits;
    private final DirectoryReplica directory;
    private volatile boolean running;

    public NotificationStream(@Value("${carerelay.notifications.stream-timeout}") Duration timeout,
                              @Value("${carerelay.notifications.stream-queue}") int queueCapacity, StreamLimits limits,
                              DirectoryReplica directory, MeterRegistry meters) {
        this.timeout = timeout;
        this.queueCapacity = queueCapacity;
        this.limits = limits;
        this.directory = directory;
        Gauge.builder("carerelay.notifications.streams", this, NotificationStream::open).register(meters);
    }

    /**
     * Opens a stream for the principal, until {@code tokenExpiresAt} at the latest; its first event,
     * {@code ready}, carries the unread count.
     */
    public SseEmitter open(UUID practiceId, UUID principalId, long unread, Instant tokenExpiresAt) {
        Key key = new Key(practiceId, principalId);
        if (subscriptions.getOrDefault(key, Set.of()).size() >= limits.perPrincipal()) {
            throw ApiException.tooManyRequests(30, "You have " + limits.perPrincipal()
                    + " live streams open already; close one (another tab or device) first.");
        }
        if (open() >= limits.perInstance()) {
            throw ApiException.tooManyRequests(5, "This server has as many live streams open as it takes; try again shortly.");
        }
        SseEmitter emitter = new SseEmitter(lifetime(tokenExpiresAt, Instant.now()).toMillis());
        Subscription subscription = new Subscription(key, emitter, new ArrayBlockingQueue<>(queueCapacity));
        emitter.onCompletion(subscription::close);
        emitter.onTimeout(subscription::close);
        emitter.onError(error -> subscription.close());
        subscriptions.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscription);
        subscription.offer(SseEmitter.event().name("ready").data(Map.of("unread", unread), MediaType.APPLICATION_JSON));
        subscription.start();
        return emitter;
    }

    /** Sends each notice to its recipient's open streams. Called after the notices are committed. */
    public void publish(List<Notification> notifications) {
        for (Notification notification : notifications) {
            Set<Subscription> open = subscriptions.get(new Key(notification.practiceId(), notification.recipientId()));
            if (open == null) {
                continue;
            }
            for (Subscription subscription : open) {
                subscription.offer(SseEmitter.event().name("notification").id(notification.id().toString())
                        .data(NotificationView.of(notification), MediaType.APPLICATION_JSON));
            }
        }
    }

    /** Whether the principal has a stream open on this instance. */
    public boolean isOpenFor(UUID practiceId, UUID principalId) {
        return subscriptions.containsKey(new Key(practiceId, principalId));
    }

    /** The configured stream timeout, or less: a stream never outlives the token it was opened with. */
    Duration lifetime(Instant tokenExpiresAt, Instant now) {
        if (tokenExpiresAt == null) {
            return timeout;
        }
        Duration left = Duration.between(now, tokenExpiresAt);
        return left.compareTo(timeout) < 0 ? (left.isNegative() ? Duration.ofMillis(1) : left) : timeout;
    }

    /** Ends the streams of principals the directory replica no longer lets in (deactivated, deleted, portal revoked). */
    @Scheduled(fixedDelayString = "${carerelay.notifications.revocation-check}")
    void closeRevoked() {
        if (subscriptions.isEmpty()) {
            return;
        }
        Set<UUID> principals = subscriptions.keySet().stream().map(Key::principalId).collect(Collectors.toSet());
        Map<UUID, DirectoryReplica.Entry> current = directory.find(principals);
        subscriptions.forEach((key, open) -> {
            DirectoryReplica.Entry entry = current.get(key.principalId());
            if (entry == null || !entry.practiceId().equals(key.practiceId()) || !entry.mayStayConnected()) {
                open.forEach(subscription -> {
                    subscription.close();
                    subscription.emitter.complete();
                });
            }
        });
    }

    /** A comment line now and then keeps proxies from closing idle streams and finds dead clients. */
    @Scheduled(fixedDelayString = "${carerelay.notifications.stream-heartbeat}")
    void heartbeat() {
        subscriptions.values().forEach(open -> open.forEach(subscription ->
                subscription.offer(SseEmitter.event().comment("keep-alive"))));
    }

    public int open() {
        return subscriptions.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Completes every open stream. Runs in the default (last-started, first-stopped) phase, before the web server stops. */
    @Override
    public void stop() {
        running = false;
        subscriptions.values().forEach(open -> open.forEach(subscription -> {
            subscription.close();
            subscription.emitter.complete();
        }));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private final class Subscription {

        private static final SseEmitter.SseEventBuilder CLOSE = SseEmitter.event();

        private final Key key;
        private final SseEmitter emitter;
        private final BlockingQueue<SseEmitter.SseEventBuilder> queue;
        private volatile boolean closed;

        Subscription(Key key, SseEmitter emitter, BlockingQueue<SseEmitter.SseEventBuilder> queue) {
            this.key = key;
            this.emitter = emitter;
            this.queue = queue;
        }

        void start() {
            Thread.ofVirtual().name("sse-" + key.principalId()).start(this::drain);
        }

        void offer(SseEmitter.SseEventBuilder event) {
            if (closed) {
                return;
            }
            if (!queue.offer(event)) {
                log.info("Closing a notification stream that fell {} events behind", queueCapacity);
                close();
                emitter.complete();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            Set<Subscription> open = subscriptions.get(key);
            if (open != null) {
                open.remove(this);
                if (open.isEmpty()) {
                    subscriptions.remove(key, open);
                }
            }
            queue.clear();
            queue.offer(CLOSE);
        }

        private void drain() {
            try {
                while (!closed) {
                    SseEmitter.SseEventBuilder event = queue.take();
                    if (event == CLOSE) {
                        return;
                    }
                    emitter.send(event);
                }
            } catch (IOException | IllegalStateException e) {
                // the client went away (or the stream completed): stop sending to it
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            }
        }
    }
}
