package com.carerelay.delivery.direct;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.outbound.BreakerSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** {@code carerelay.direct.*}: the practice's HISP relay, the MDN mailbox and the DIRECT worker (see delivery-service.yml). */
@ConfigurationProperties("carerelay.direct")
public record DirectProperties(boolean enabled, Relay relay, Mailbox mdnMailbox, String trustAnchors, Duration finalTimeout,
                               String messageIdDomain, int batchSize, Duration idlePoll, Duration lease,
                               BreakerSettings circuitBreaker, Attachments attachments, Revocation revocation) {

    /** The HISP's SMTP relay. */
    public record Relay(String host, int port, String username, String password, boolean starttls) {
    }

    /** Where the HISP returns MDNs and DSNs; no host: no mailbox is read. */
    public record Mailbox(String protocol, String host, int port, String username, String password, String folder,
                          Duration poll) {
    }

    /**
     * Where the attachments' bytes come from (messaging-service), the fetch key both services hold, the
     * deadline of each fetch, the most one DIRECT message may carry, and the fetches' circuit breaker.
     */
    public record Attachments(URI messagingUrl, String fetchKey, Duration timeout, DataSize maxTotalSize,
                              BreakerSettings circuitBreaker) {
    }

    /**
     * Revocation of the contact's certificate before each send: the mode, each CRL download's deadline and
     * size cap, and how long a downloaded CRL is reused (never past its nextUpdate).
     */
    public record Revocation(RecipientRevocation.Mode mode, Duration timeout, DataSize maxCrlSize, Duration crlCache) {
    }

    public AttemptWorker.Settings worker() {
        return new AttemptWorker.Settings(enabled, batchSize, idlePoll, lease);
    }
}
