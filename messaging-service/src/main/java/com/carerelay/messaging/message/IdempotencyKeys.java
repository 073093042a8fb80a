package com.carerelay.messaging.message;

import com.carerelay.messaging.config.Caller;
import com.carerelay.messaging.web.ApiException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code Idempotency-Key}: the first request with a key claims it in the send's own transaction; a
 * retry (even a concurrent one, which waits on the key's unique index) finds the message the first
 * one created. The same key with a different request is refused.
 */
@Component
public class IdempotencyKeys {

    private final JdbcTemplate jdbc;

    public IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key for {@code messageId}; answers the earlier message's id when the key was used before. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<UUID> claim(Caller caller, String key, String requestSha256, UUID messageId) {
        int claimed = jdbc.update("""
                        insert into idempotency_key (practice_id, sender_id, key, request_sha256, message_id, created_at)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""",
                caller.practiceId(), caller.id(), key, requestSha256, messageId, Timestamp.from(Instant.now()));
        if (claimed == 1) {
            return Optional.empty();
        }
        return jdbc.query("select message_id, request_sha256 from idempotency_key"
                                + " where practice_id = ? and sender_id = ? and key = ?",
                        (row, i) -> {
                            if (!row.getString("request_sha256").equals(requestSha256)) {
                                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key",
                                        "This Idempotency-Key was already used for a different request.");
                            }
                            return row.getObject("message_id", UUID.class);
                        }, caller.practiceId(), caller.id(), key)
                .stream().findFirst();
    }
}
