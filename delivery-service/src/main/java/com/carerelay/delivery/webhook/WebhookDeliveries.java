package com.carerelay.delivery.webhook;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.outbound.OutboundHttp;
import com.carerelay.events.Seal;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DirectoryChanged;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * POSTs each client message to its practice's webhook, signed per Standard Webhooks. The
 * {@code webhook-id} is the attempt id, the same on every retry, so the receiver can drop
 * duplicates; the body was fixed when the attempt was created. 2xx is success; a redirect is not
 * followed and fails; 410 disables the endpoint here (until the directory configures another URL);
 * 429, 5xx and unreachable endpoints (including no complete answer within the deadline) are retried on
 * the shared schedule; other 4xx fail. The URL and secrets are read from the replica at each try, so a
 * rotated secret signs at once; the secrets stay sealed there and are opened only to sign. The call
 * itself (address check, deadline, per-host circuit breaker) is {@link OutboundHttp}'s.
 */
public class WebhookDeliveries extends AttemptWorker {

    static final String USER_AGENT = "CareRelay-Webhooks/1";

    private final DirectoryReplica directory;
    private final Seal seal;
    private final OutboundHttp http;

    public WebhookDeliveries(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                             RetrySchedule retries, DeliveryMetrics metrics, Settings settings, DirectoryReplica directory,
                             Seal seal, OutboundHttp http) {
        super(Channel.webhook, jdbc, transaction, attempts, retries, metrics, settings);
        this.directory = directory;
        this.seal = seal;
        this.http = http;
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
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.header(secrets, id, timestamp, body));
        OutboundHttp.Outcome outcome = http.post(uri, headers, body);
        if (!outcome.answered()) {
            return outcome.unanswered("webhook");
        }
        int status = outcome.status();
        if (status == 429 || status >= 500) {
            return Result.retry("webhook endpoint answered " + status);
        }
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
