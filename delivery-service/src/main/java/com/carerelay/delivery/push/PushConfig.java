package com.carerelay.delivery.push;

import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.outbound.EndpointGuard;
import com.carerelay.delivery.outbound.HostBreakers;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Web push: the VAPID identity, per push-service circuit breakers and the worker. */
@Configuration
@EnableConfigurationProperties(PushProperties.class)
class PushConfig {

    @Bean
    WebPush webPush(PushProperties push) {
        return new WebPush(push.vapid().publicKey(), push.vapid().privateKey(), push.vapid().subject());
    }

    @Bean
    PushNotices pushNotices(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                            RetrySchedule retries, DeliveryMetrics metrics, DirectoryReplica directory, WebPush webPush,
                            MeterRegistry meters, PushProperties push) {
        return new PushNotices(jdbc, transaction, attempts, retries, metrics, push.worker(), directory, webPush,
                new HostBreakers("push", push.circuitBreaker(), meters),
                new EndpointGuard(push.allowPrivateNetworks(), push.requireHttps()), push.timeout(), push.ttl(), push.link());
    }
}
