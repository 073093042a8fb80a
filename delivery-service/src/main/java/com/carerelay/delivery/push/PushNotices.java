package com.carerelay.delivery.push;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.outbound.OutboundHttp;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends web push notices (RFC 8030) to every live subscription of the client, encrypted for each
 * (RFC 8291) and identified with VAPID (RFC 8292). The attempt is sent once any subscription's push
 * service accepted it; 404 or 410 marks that subscription gone here (the directory's next version of
 * the client wins); 429, 5xx and unreachable push services are retried while no subscription has
 * accepted; other 4xx fail that subscription. The call itself (address check, deadline, per-host
 * circuit breaker) is {@link OutboundHttp}'s.
 */
public class PushNotices extends AttemptWorker {

    private final DirectoryReplica directory;
    private final WebPush webPush;
    private final OutboundHttp http;
    private final Duration ttl;
    private final String link;

    public PushNotices(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts, RetrySchedule retries,
                       DeliveryMetrics metrics, Settings settings, DirectoryReplica directory, WebPush webPush,
                       OutboundHttp http, Duration ttl, String link) {
        super(Channel.push, jdbc, transaction, attempts, retries, metrics, settings);
        this.directory = directory;
        this.webPush = webPush;
        this.http = http;
        this.ttl = ttl;
        this.link = link;
    }

    @Override
    protected Map<UUID, Result> deliver(List<Claimed> claimed) {
        Map<UUID, DirectoryReplica.PracticeInfo> practices = directory.practices(
                claimed.stream().map(one -> one.attempt().practiceId()).collect(Collectors.toSet()));
        Map<UUID, List<DirectoryReplica.PushSubscription>> subscriptions = directory.pushSubscriptions(
                claimed.stream().map(one -> one.attempt().recipientId()).collect(Collectors.toSet()));
        return eachInParallel(claimed, one -> {
            DirectoryReplica.PracticeInfo practice = practices.get(one.attempt().practiceId());
            byte[] notice = PushNotice.of(practice == null ? null : practice.noticeSenderName(), link, one.attempt().messageId());
            return pushAll(notice, subscriptions.getOrDefault(one.attempt().recipientId(), List.of()));
        });
    }

    private Result pushAll(byte[] notice, List<DirectoryReplica.PushSubscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return Result.failed("no live push subscription");
        }
        List<Result> outcomes = new ArrayList<>();
        for (DirectoryReplica.PushSubscription subscription : subscriptions) {
            Result outcome = push(notice, subscription);
            if (outcome.kind() == Result.Kind.sent) {
                return outcome;
            }
            outcomes.add(outcome);
        }
        for (Result.Kind kind : List.of(Result.Kind.retry, Result.Kind.deferred, Result.Kind.failed)) {
            List<Result> ofKind = outcomes.stream().filter(outcome -> outcome.kind() == kind).toList();
            if (!ofKind.isEmpty()) {
                if (kind == Result.Kind.deferred) {
                    return ofKind.getFirst();
                }
                return new Result(kind, ofKind.stream().map(Result::reason).distinct()
                        .collect(Collectors.joining("; ")), null);
            }
        }
        return Result.failed("no live push subscription");
    }

    private Result push(byte[] notice, DirectoryReplica.PushSubscription subscription) {
        URI endpoint;
        try {
            endpoint = URI.create(subscription.endpoint());
        } catch (IllegalArgumentException e) {
            return Result.failed("push endpoint is not a valid URL");
        }
        byte[] body;
        try {
            body = WebPush.encrypt(notice, subscription.p256dh(), subscription.auth());
        } catch (IllegalArgumentException e) {
            return Result.failed("push subscription keys are not valid");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", webPush.authorization(endpoint, Instant.now().plus(Duration.ofHours(12))));
        headers.put("Content-Encoding", "aes128gcm");
        headers.put("Content-Type", "application/octet-stream");
        headers.put("TTL", Long.toString(ttl.toSeconds()));
        headers.put("Urgency", "normal");
        OutboundHttp.Outcome outcome = http.post(endpoint, headers, body);
        if (!outcome.answered()) {
            return outcome.unanswered("push");
        }
        int status = outcome.status();
        if (status == 429 || status >= 500) {
            return Result.retry("push service answered " + status);
        }
        if (status >= 200 && status < 300) {
            return Result.sent(null);
        }
        if (status == 404 || status == 410) {
            directory.pushSubscriptionGone(subscription.id(), status);
            metrics.event("carerelay.push.subscriptions.gone", Channel.push);
            return Result.failed("push subscription gone (" + status + ")");
        }
        return Result.failed("push service answered " + status);
    }
}
