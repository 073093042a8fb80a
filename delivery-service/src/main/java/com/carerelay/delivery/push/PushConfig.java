package com.carerelay.delivery.push;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.outbound.EndpointGuard;
import com.carerelay.delivery.outbound.HostBreakers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Web push: the VAPID identity, per push-service circuit breakers and the worker. */
@Configuration
class PushConfig {

    @Bean
    WebPush webPush(@Value("${carerelay.push.vapid.public-key}") String publicKey,
                    @Value("${carerelay.push.vapid.private-key}") String privateKey,
                    @Value("${carerelay.push.vapid.subject}") String subject) {
        return new WebPush(publicKey, privateKey, subject);
    }

    @Bean
    PushNotices pushNotices(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                            RetrySchedule retries, DeliveryMetrics metrics, DirectoryReplica directory, WebPush webPush,
                            MeterRegistry meters,
                            @Value("${carerelay.push.enabled}") boolean enabled,
                            @Value("${carerelay.push.batch-size}") int batchSize,
                            @Value("${carerelay.push.idle-poll}") Duration idlePoll,
                            @Value("${carerelay.push.lease}") Duration lease,
                            @Value("${carerelay.push.timeout}") Duration timeout,
                            @Value("${carerelay.push.ttl}") Duration ttl,
                            @Value("${carerelay.push.link}") String link,
                            @Value("${carerelay.push.allow-private-networks}") boolean allowPrivateNetworks,
                            @Value("${carerelay.push.require-https}") boolean requireHttps,
                            @Value("${carerelay.push.circuit-breaker.failure-rate-threshold}") float failureRate,
                            @Value("${carerelay.push.circuit-breaker.sliding-window}") int slidingWindow,
                            @Value("${carerelay.push.circuit-breaker.minimum-calls}") int minimumCalls,
                            @Value("${carerelay.push.circuit-breaker.wait-in-open}") Duration waitInOpen) {
        return new PushNotices(jdbc, transaction, attempts, retries, metrics,
                new AttemptWorker.Settings(enabled, batchSize, idlePoll, lease), directory, webPush,
                new HostBreakers("push", failureRate, slidingWindow, minimumCalls, waitInOpen, meters),
                new EndpointGuard(allowPrivateNetworks, requireHttps), timeout, ttl, link);
    }
}
