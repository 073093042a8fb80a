package com.carerelay.delivery.direct;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.outbound.BreakerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code carerelay.direct.*}: the practice's HISP relay, the MDN mailbox and the DIRECT worker (see delivery-service.yml). */
@ConfigurationProperties("carerelay.direct")
public record DirectProperties(boolean enabled, Relay relay, Mailbox mdnMailbox, String trustAnchors, Duration finalTimeout,
                               String messageIdDomain, int batchSize, Duration idlePoll, Duration lease,
                               BreakerSettings circuitBreaker) {

    /** The HISP's SMTP relay. */
    public record Relay(String host, int port, String username, String password, boolean starttls) {
    }

    /** Where the HISP returns MDNs and DSNs; no host: no mailbox is read. */
    public record Mailbox(String protocol, String host, int port, String username, String password, String folder,
                          Duration poll) {
    }

    public AttemptWorker.Settings worker() {
        return new AttemptWorker.Settings(enabled, batchSize, idlePoll, lease);
    }
}
