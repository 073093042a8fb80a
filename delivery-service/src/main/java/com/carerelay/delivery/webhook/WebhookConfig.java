package com.carerelay.delivery.webhook;

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

/** The practice webhook worker with its per-host circuit breakers and its guard against internal addresses. */
@Configuration
class WebhookConfig {

    @Bean
    WebhookDeliveries webhookDeliveries(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                                        RetrySchedule retries, DeliveryMetrics metrics, DirectoryReplica directory,
                                        MeterRegistry meters,
                                        @Value("${carerelay.webhook.enabled}") boolean enabled,
                                        @Value("${carerelay.webhook.batch-size}") int batchSize,
                                        @Value("${carerelay.webhook.idle-poll}") Duration idlePoll,
                                        @Value("${carerelay.webhook.lease}") Duration lease,
                                        @Value("${carerelay.webhook.timeout}") Duration timeout,
                                        @Value("${carerelay.webhook.allow-private-networks}") boolean allowPrivateNetworks,
                                        @Value("${carerelay.webhook.require-https}") boolean requireHttps,
                                        @Value("${carerelay.webhook.circuit-breaker.failure-rate-threshold}") float failureRate,
                                        @Value("${carerelay.webhook.circuit-breaker.sliding-window}") int slidingWindow,
                                        @Value("${carerelay.webhook.circuit-breaker.minimum-calls}") int minimumCalls,
                                        @Value("${carerelay.webhook.circuit-breaker.wait-in-open}") Duration waitInOpen) {
        return new WebhookDeliveries(jdbc, transaction, attempts, retries, metrics,
                new AttemptWorker.Settings(enabled, batchSize, idlePoll, lease), directory,
                new HostBreakers("webhook", failureRate, slidingWindow, minimumCalls, waitInOpen, meters),
                new EndpointGuard(allowPrivateNetworks, requireHttps), timeout);
    }
}
