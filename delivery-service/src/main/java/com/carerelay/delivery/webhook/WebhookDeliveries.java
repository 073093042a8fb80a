package com.carerelay.delivery.webhook;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.outbound.EndpointGuard;
import com.carerelay.delivery.outbound.HostBreakers;
import com.carerelay.events.CredentialSeal;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DirectoryChanged;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * POSTs each client message to its practice's webhook, signed per Standard Webhooks. The
 * {@code webhook-id} is the attempt id, the same on every retry, so the receiver can drop
 * duplicates; the body was fixed when the attempt was created. 2xx is success; a redirect is not
 * followed and fails; 410 disables the endpoint here (until the directory configures another URL);
 * 429, 5xx, timeouts and unreachable hosts are retried on the shared schedule; other 4xx fail. The
 * URL and secrets are read from the replica at each try, so a rotated secret signs at once; the secrets
 * stay sealed there and are opened only to sign. One
 * circuit breaker per webhook host sheds load while it is down.
 */
public class WebhookDeliveries extends AttemptWorker {

    static final String USER_AGENT = "CareRelay-Webhooks/1";

    private final DirectoryReplica directory;
    private final CredentialSeal seal;
    private final HostBreakers breakers;
    private final EndpointGuard guard;
    private final HttpClient http;
    private final Duration timeout;

    public WebhookDeliveries(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                             RetrySchedule retries, DeliveryMetrics metrics, Settings settings, DirectoryReplica directory,
                             CredentialSeal seal, HostBreakers breakers, EndpointGuard guard, Duration timeout) {
        super(Channel.webhook, jdbc, transaction, attempts, retries, metrics, settings);
        this.directory = directory;
        this.seal = seal;
        this.breakers = breakers;
        this.guard = guard;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    @Override
    protected Map<UUID, Result> deliver(List<Claimed> claimed) {
        Map<UUID, DirectoryReplica.PracticeInfo> practices = directory.practices(
                claimed.stream().map(one -> one.attempt().practiceId()).collect(Collectors.toSet()));
        return eachInParallel(claimed, one -> post(one, practices.get(one.attempt().practiceId())));
    }

    private Result post(Claimed one, DirectoryReplica.PracticeInfo practice) {
        if (one.content() == null) {
            return Result.failed("nothing stored to send");
        }
        if (practice == null || practice.webhookUrl() == null || practice.webhookSecretsSealed().isEmpty()) {
            return Result.failed("the practice has no webhook endpoint configured");
        }
        if (practice.webhookDisabled()) {
            return Result.failed("the practice's webhook endpoint is disabled (it answered 410 Gone)");
        }
        URI uri;
        try {
            uri = URI.create(practice.webhookUrl());
        } catch (IllegalArgumentException e) {
            return Result.failed("webhook URL is not a valid URL");
        }
        String refusal = guard.refusal(uri);
        if (refusal != null) {
            return Result.failed("webhook " + refusal);
        }
        CircuitBreaker breaker = breakers.forHost(uri.getHost());
        if (!breaker.tryAcquirePermission()) {
            return Result.deferred(breakers.retryAfterOpen());
        }
        List<String> secrets;
        try {
            String binding = DirectoryChanged.Practice.webhookSecretBinding(practice.id());
            secrets = practice.webhookSecretsSealed().stream().map(sealed -> seal.open(sealed, binding)).toList();
        } catch (IllegalStateException e) {
            return Result.failed("the practice's webhook signing secrets cannot be opened (is carerelay.credentials.key"
                    + " the same as directory-service's?)");
        }
        String id = one.attempt().id().toString();
        long timestamp = Instant.now().getEpochSecond();
        byte[] body = one.content().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.header(secrets, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long started = System.nanoTime();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            return Result.retry("webhook endpoint timed out");
        } catch (IOException e) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            return Result.retry(e instanceof ConnectException ? "webhook endpoint unreachable"
                    : "webhook endpoint failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            breaker.releasePermission();
            Thread.currentThread().interrupt();
            return Result.retry("interrupted");
        }
        long nanos = System.nanoTime() - started;
        if (status == 429 || status >= 500) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
            return Result.retry("webhook endpoint answered " + status);
        }
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        if (status >= 200 && status < 300) {
            return Result.sent(null);
        }
        if (status == 410) {
            directory.disableWebhook(practice.id(), practice.webhookUrl(), "the endpoint answered 410 Gone");
            metrics.event("carerelay.webhook.disabled", Channel.webhook);
            return Result.failed("webhook endpoint answered 410 Gone; endpoint disabled");
        }
        if (status >= 300 && status < 400) {
            return Result.failed("webhook endpoint answered " + status + " (redirects are not followed)");
        }
        return Result.failed("webhook endpoint answered " + status);
    }
}
