package com.carerelay.delivery.webhook;

import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.outbound.EndpointGuard;
import com.carerelay.delivery.outbound.HostBreakers;
import com.carerelay.delivery.outbound.OutboundHttp;
import com.carerelay.events.Seal;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The practice webhook worker and its outbound HTTP client (per-host circuit breakers, guard against internal addresses, deadline). */
@Configuration
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfig {

    @Bean
    OutboundHttp webhookHttp(WebhookProperties webhook, MeterRegistry meters) {
        return new OutboundHttp(new EndpointGuard(webhook.allowPrivateNetworks(), webhook.requireHttps()),
                new HostBreakers("webhook", webhook.circuitBreaker(), meters), webhook.timeout());
    }

    @Bean
    WebhookDeliveries webhookDeliveries(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                                        RetrySchedule retries, DeliveryMetrics metrics, DirectoryReplica directory,
                                        Seal seal, WebhookProperties webhook,
                                        @Qualifier("webhookHttp") OutboundHttp http) {
        return new WebhookDeliveries(jdbc, transaction, attempts, retries, metrics, webhook.worker(), directory, seal,
                http);
    }
}
