package com.carerelay.delivery.push;

import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.outbound.EndpointGuard;
import com.carerelay.delivery.outbound.HostBreakers;
import com.carerelay.delivery.outbound.OutboundHttp;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Web push: the VAPID identity, the outbound HTTP client (per push-service circuit breakers, address guard, deadline) and the worker. */
@Configuration
@EnableConfigurationProperties(PushProperties.class)
class PushConfig {

    @Bean
    WebPush webPush(PushProperties push) {
        return new WebPush(push.vapid().publicKey(), push.vapid().privateKey(), push.vapid().subject());
    }

    @Bean
    OutboundHttp pushHttp(PushProperties push, MeterRegistry meters) {
        return new OutboundHttp(new EndpointGuard(push.allowPrivateNetworks(), push.requireHttps()),
                new HostBreakers("push", push.circuitBreaker(), meters), push.timeout());
    }

    @Bean
    PushNotices pushNotices(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                            RetrySchedule retries, DeliveryMetrics metrics, DirectoryReplica directory, WebPush webPush,
                            PushProperties push, @Qualifier("pushHttp") OutboundHttp http) {
        return new PushNotices(jdbc, transaction, attempts, retries, metrics, push.worker(), directory, webPush, http,
                push.ttl(), push.link());
    }
}
