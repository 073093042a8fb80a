package com.carerelay.delivery.direct;

import com.carerelay.events.AttachmentFetchGrant;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the bytes of a DIRECT message's attachments from messaging-service, which keeps them
 * ({@code GET /internal/v1/attachments/{id}}), each with an {@link AttachmentFetchGrant} for exactly that
 * attachment of that message of that practice. Each fetch has one deadline and may not exceed the size the
 * event named; the bytes must match the SHA-256 the event named. Any failure is {@link Unavailable}: the
 * DIRECT attempt is retried like any other failed try, so nothing is lost while messaging-service is
 * down. One circuit breaker: while it is open no fetch is tried (the attempt waits, no try spent).
 */
public final class DirectAttachments {

    /** An attachment with its bytes, checked against its reference. */
    public record Fetched(MessageContent.Attachment ref, byte[] content) {
    }

    /** The attachments cannot be fetched now; {@code openUntil} is set when the breaker refused the call. */
    public static final class Unavailable extends Exception {
        private final Instant openUntil;

        Unavailable(String reason, Instant openUntil) {
            super(reason, null, false, false);
            this.openUntil = openUntil;
        }

        public Instant openUntil() {
            return openUntil;
        }
    }

    private final URI baseUrl;
    private final AttachmentFetchGrant grants;
    private final BoundedGet http;
    private final Duration timeout;
    private final CircuitBreaker breaker;

    public DirectAttachments(URI baseUrl, AttachmentFetchGrant grants, Duration timeout, CircuitBreaker breaker) {
        this.baseUrl = baseUrl;
        this.grants = grants;
        this.http = new BoundedGet(timeout);
        this.timeout = timeout;
        this.breaker = breaker;
    }

    public List<Fetched> fetch(UUID practiceId, UUID messageId, List<MessageContent.Attachment> refs) throws Unavailable {
        List<Fetched> fetched = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            fetched.add(fetchOne(practiceId, messageId, refs.get(i), "attachment " + (i + 1) + " of " + refs.size()));
        }
        return fetched;
    }

    private Fetched fetchOne(UUID practiceId, UUID messageId, MessageContent.Attachment ref, String which)
            throws Unavailable {
        if (!breaker.tryAcquirePermission()) {
            throw new Unavailable("messaging-service attachment fetch paused (circuit open)", Instant.now().plusMillis(
                    breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1)));
        }
        String grant = grants.issue(new AttachmentFetchGrant.Scope(practiceId, messageId, ref.attachmentId()),
                Instant.now().plus(AttachmentFetchGrant.MAX_LIFETIME.dividedBy(5)));
        long started = System.nanoTime();
        BoundedGet.Answer answer;
        try {
            answer = http.get(baseUrl.resolve("/internal/v1/attachments/" + ref.attachmentId()),
                    Map.of(AttachmentFetchGrant.HEADER, grant), ref.sizeBytes(), timeout);
        } catch (BoundedGet.Failed failed) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failed);
            throw new Unavailable(which + " could not be fetched from messaging-service: " + failed.getMessage(), null);
        }
        if (answer.status() >= 500) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, new IllegalStateException("HTTP 5xx"));
        } else {
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        if (answer.status() != 200) {
            throw new Unavailable(which + " could not be fetched from messaging-service: HTTP " + answer.status()
                    + (answer.status() == 401 ? " (is CARERELAY_ATTACHMENT_FETCH_KEY the same in both services?)" : ""),
                    null);
        }
        if (answer.body().length != ref.sizeBytes() || !sha256(answer.body()).equalsIgnoreCase(ref.sha256())) {
            throw new Unavailable(which + " from messaging-service does not match its size and SHA-256", null);
        }
        return new Fetched(ref, answer.body());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
