package com.carerelay.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The permission delivery-service presents to messaging-service to fetch one attachment's bytes for a
 * DIRECT message: HMAC-SHA256, under a key only those two services hold ({@code CARERELAY_ATTACHMENT_FETCH_KEY},
 * 32 bytes, base64), over the practice, the message, the attachment and an expiry at most
 * {@link #MAX_LIFETIME} ahead. Sent in the {@value #HEADER} header; it names no PHI and opens nothing else:
 * another attachment, message or practice, or a later time, needs another grant.
 */
public final class AttachmentFetchGrant {

    /** The request header the grant travels in. */
    public static final String HEADER = "CareRelay-Attachment-Grant";
    /** Longer-lived grants are refused even when their MAC is right. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private static final String VERSION = "v1";
    private final SecretKeySpec key;

    /** What a grant allows: this attachment of this message of this practice, until then. */
    public record Scope(UUID practiceId, UUID messageId, UUID attachmentId) {
    }

    public AttachmentFetchGrant(String base64Key) {
        byte[] raw = base64Key == null ? new byte[0] : Base64.getDecoder().decode(base64Key.trim());
        if (raw.length != 32) {
            throw new IllegalArgumentException("the attachment fetch key must be 32 bytes, base64-encoded");
        }
        this.key = new SecretKeySpec(raw, "HmacSHA256");
    }

    /** A grant for {@code scope} valid until {@code expires}. */
    public String issue(Scope scope, Instant expires) {
        String claims = claims(scope, expires.getEpochSecond());
        return claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(claims));
    }

    /** The scope the grant allows, when its MAC is right and it has not expired; empty otherwise. */
    public Optional<Scope> verify(String grant, Instant now) {
        if (grant == null || grant.length() > 512) {
            return Optional.empty();
        }
        String[] parts = grant.split("\\.", -1);
        if (parts.length != 6 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            Scope scope = new Scope(UUID.fromString(parts[1]), UUID.fromString(parts[2]), UUID.fromString(parts[3]));
            long expires = Long.parseLong(parts[4]);
            byte[] presented = Base64.getUrlDecoder().decode(parts[5]);
            if (!MessageDigest.isEqual(presented, mac(claims(scope, expires)))) {
                return Optional.empty();
            }
            Instant expiry = Instant.ofEpochSecond(expires);
            return expiry.isAfter(now) && !expiry.isAfter(now.plus(MAX_LIFETIME)) ? Optional.of(scope) : Optional.empty();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static String claims(Scope scope, long expiresEpochSecond) {
        return String.join(".", VERSION, scope.practiceId().toString(), scope.messageId().toString(),
                scope.attachmentId().toString(), Long.toString(expiresEpochSecond));
    }

    private byte[] mac(String claims) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(claims.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
