package com.carerelay.messaging.directory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-memory cache in front of the directory replica's table: what every send reads (the sender, the
 * practice's switches, the recipients) is held for at most {@code ttl}. This instance clears it whenever
 * it applies a directory change; the TTL bounds how long another instance of the service (which did not
 * apply the change itself) can act on an entry the change replaced.
 *
 * @param ttl        how long an entry is trusted, {@code carerelay.directory.replica-cache.ttl}
 * @param maxEntries entries held at most, {@code carerelay.directory.replica-cache.max-entries}
 */
@ConfigurationProperties("carerelay.directory.replica-cache")
public record ReplicaCacheProperties(@DefaultValue("2s") Duration ttl, @DefaultValue("50000") long maxEntries) {
}
