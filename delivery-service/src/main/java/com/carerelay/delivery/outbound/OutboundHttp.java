package com.carerelay.delivery.outbound;

import com.carerelay.delivery.attempt.AttemptWorker.Result;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client for endpoints someone else configured (browsers' push endpoints, practices'
 * webhooks), per channel. Each POST is checked by the {@link EndpointGuard} (the URL's form first; the
 * address as the client's resolver, so the connection goes to the checked address), guarded by the
 * host's circuit breaker, and bounded by one deadline on the whole exchange: connecting, sending,
 * the response headers and up to {@value #BODY_LIMIT} bytes of body. When the deadline passes the
 * exchange is aborted, so an endpoint that trickles its answer holds a worker no longer than that.
 * Redirects are not followed, nothing is retried here, no cookies, no proxy from system properties.
 *
 * <p>What callers see: the status an endpoint answered, or one of three outcomes that say nothing
 * about the network beyond them: refused (the URL's form, or no public address), unreachable (any
 * failure to get a complete answer in time: refused connection, reset, TLS, timeout) and deferred
 * (the host's breaker is open).
 */
public final class OutboundHttp implements AutoCloseable {

    static final int BODY_LIMIT = 16 * 1024;
    /** The one reason any endpoint that could not be reached in time gets. */
    public static final String UNREACHABLE = "endpoint unreachable or no complete answer in time";

    /** What one POST came to: an answered status, or refused / unreachable / deferred. */
    public record Outcome(Kind kind, int status, String reason, Instant until) {

        public enum Kind { answered, refused, unreachable, deferred }

        public boolean answered() {
            return kind == Kind.answered;
        }

        /**
         * The attempt result of an outcome that is not an answer, its reason starting with {@code what}
         * ("webhook", "push service"): refused fails, unreachable is retried, deferred waits for the breaker.
         */
        public Result unanswered(String what) {
            return switch (kind) {
                case refused -> Result.failed(what + " " + reason);
                case unreachable -> Result.retry(what + " " + UNREACHABLE);
                case deferred -> Result.deferred(until);
                case answered -> throw new IllegalStateException("the endpoint answered " + status);
            };
        }
    }

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("outbound-deadlines").daemon().factory());

    private final EndpointGuard guard;
    private final HostBreakers breakers;
    private final Duration deadline;
    private final CloseableHttpClient client;

    /** @param deadline the most one exchange may take, from connecting to the end of the response */
    public OutboundHttp(EndpointGuard guard, HostBreakers breakers, Duration deadline) {
        this.guard = guard;
        this.breakers = breakers;
        this.deadline = deadline;
        Timeout timeout = Timeout.of(deadline);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(guard)
                        .setMaxConnTotal(200).setMaxConnPerRoute(20)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout).setResponseTimeout(timeout).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableAuthCaching().disableContentCompression()
                .build();
    }

    /** POSTs {@code body} with these headers (the content type among them) to {@code uri}. */
    public Outcome post(URI uri, Map<String, String> headers, byte[] body) {
        String refusal = guard.refusal(uri);
        if (refusal != null) {
            return new Outcome(Outcome.Kind.refused, 0, refusal, null);
        }
        CircuitBreaker breaker = breakers.forHost(uri.getHost());
        if (!breaker.tryAcquirePermission()) {
            return new Outcome(Outcome.Kind.deferred, 0, null, breakers.retryAfterOpen());
        }
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.parseLenient(headers.get("Content-Type"))));
        long started = System.nanoTime();
        ScheduledFuture<?> abort = DEADLINES.schedule(() -> post.cancel(), deadline.toNanos(), TimeUnit.NANOSECONDS);
        int status;
        try {
            status = exchange(post);
        } catch (EndpointGuard.NotPublic e) {
            breaker.releasePermission();
            return new Outcome(Outcome.Kind.refused, 0, e.getMessage(), null);
        } catch (IOException | RuntimeException e) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            return new Outcome(Outcome.Kind.unreachable, 0, UNREACHABLE, null);
        } finally {
            abort.cancel(false);
        }
        long nanos = System.nanoTime() - started;
        if (status == 429 || status >= 500) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
        return new Outcome(Outcome.Kind.answered, status, null, null);
    }

    /**
     * Sends the request and reads the status and at most {@link #BODY_LIMIT} bytes of body; a longer
     * body is not drained, the connection is dropped instead.
     */
    private int exchange(HttpPost post) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null, post, null);
        boolean reusable = true;
        try {
            if (response.getEntity() != null) {
                InputStream content = response.getEntity().getContent();
                content.readNBytes(BODY_LIMIT);
                reusable = content.read() == -1;
            }
            return response.getCode();
        } finally {
            if (!reusable) {
                post.cancel();
            }
            try {
                response.close();
            } catch (IOException ignored) {
                // the answer was complete enough; a connection that cannot be closed cleanly is not reused
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
