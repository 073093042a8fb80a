package com.carerelay.messaging.attachment;

import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Uploads not (yet) sent with a message: each person may hold at most {@code quota.max-unsent-files}
 * adding up to {@code quota.max-unsent-size} (more answers 429 naming the quota, with Retry-After until
 * their oldest one expires), and each expires {@code unsent-ttl} after its upload: the sweep deletes
 * its row and bytes. An upload attached to a message is never touched.
 */
@Component
public class UnsentUploads {

    private static final Logger log = LoggerFactory.getLogger(UnsentUploads.class);
    private static final String USAGE = """
            select count(*), coalesce(sum(size_bytes), 0), min(uploaded_at) from attachment
            where practice_id = ? and uploaded_by = ? and message_id is null and uploaded_at > ?""";

    private final JdbcTemplate jdbc;
    private final AttachmentProperties properties;
    private final Clock clock;

    UnsentUploads(JdbcTemplate jdbc, AttachmentProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** The oldest upload time that has not expired yet. */
    public Instant expiredBefore() {
        return clock.instant().minus(properties.unsentTtl());
    }

    /**
     * Refuses with 429 when one more upload of {@code size} bytes would pass the caller's quota. Inside
     * the storing transaction it first locks the caller's quota, so concurrent uploads cannot both pass.
     */
    void check(Caller caller, long size, boolean lock) {
        if (lock) {
            jdbc.queryForList("select pg_advisory_xact_lock(hashtextextended(?, 0))", caller.id().toString());
        }
        AttachmentProperties.Quota quota = properties.quota();
        jdbc.query(USAGE, row -> {
            long files = row.getLong(1);
            long bytes = row.getLong(2);
            Timestamp oldest = row.getTimestamp(3);
            long retryAfter = oldest == null ? 1 : Math.max(1,
                    Duration.between(clock.instant(), oldest.toInstant().plus(properties.unsentTtl())).toSeconds());
            if (files + 1 > quota.maxUnsentFiles()) {
                throw ApiException.tooManyRequests(retryAfter, "file: you have " + files + " uploads not sent yet,"
                        + " the most allowed (quota: " + quota.maxUnsentFiles() + " unsent files); send or remove one,"
                        + " or wait until one expires.");
            }
            if (bytes + size > quota.maxUnsentSize().toBytes()) {
                throw ApiException.tooManyRequests(retryAfter, "file: this upload would take your uploads not sent yet"
                        + " past the quota of " + quota.maxUnsentSize().toMegabytes() + " MB of unsent files; send or"
                        + " remove some, or wait until they expire.");
            }
        }, caller.practiceId(), caller.id(), Timestamp.from(expiredBefore()));
    }

    /** Deletes every unsent upload older than the TTL (its chunks go with it); answers how many. */
    @Scheduled(fixedDelayString = "${carerelay.attachments.sweep-every:PT10M}",
            initialDelayString = "${carerelay.attachments.sweep-every:PT10M}")
    public int sweep() {
        int deleted = jdbc.update("delete from attachment where message_id is null and uploaded_at <= ?",
                Timestamp.from(expiredBefore()));
        if (deleted > 0) {
            log.info("Deleted {} unsent uploads older than {}", deleted, properties.unsentTtl());
        }
        return deleted;
    }
}
