package com.carerelay.delivery.push;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.outbound.BreakerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code carerelay.push.*}: the web push channel and its VAPID identity (see delivery-service.yml). */
@ConfigurationProperties("carerelay.push")
public record PushProperties(boolean enabled, Vapid vapid, String link, Duration ttl, Duration timeout,
                             boolean allowPrivateNetworks, boolean requireHttps, int batchSize, Duration idlePoll,
                             Duration lease, Duration batchTimeout, BreakerSettings circuitBreaker) {

    /** The VAPID key pair (P-256, base64url) and the contact the push services see. */
    public record Vapid(String publicKey, String privateKey, String subject) {
    }

    public AttemptWorker.Settings worker() {
        return new AttemptWorker.Settings(enabled, batchSize, idlePoll, lease, batchTimeout);
    }
}
