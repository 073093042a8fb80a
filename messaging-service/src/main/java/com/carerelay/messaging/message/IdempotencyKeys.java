package com.carerelay.messaging.message;

import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key}: the first request with a key claims it in the transaction that stores its
 * message; a retry (even a concurrent one, which waits on the key's unique index) finds the message
 * the first one created. The same key with a different request is refused.
 */
@Component
public class IdempotencyKeys {

    private final JdbcTemplate jdbc;

    public IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The message an earlier request with this key created, if any; 422 if that request was a
     * different one. The key itself is claimed in the send's transaction (see {@link MessageWriter}).
     */
    public Optional<UUID> earlier(Caller caller, String key, String requestSha256) {
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
