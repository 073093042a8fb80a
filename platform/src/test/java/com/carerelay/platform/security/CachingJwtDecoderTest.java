package com.carerelay.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new BadJwtException("signature does not match");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("someone")
                .expiresAt(Instant.now().plus(Duration.ofHours(1))).build();
    };

    @Test
    void aVerifiedTokenIsVerifiedOnlyOnce() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier);

        Jwt first = decoder.decode("token-a");
        Jwt again = decoder.decode("token-a");
        decoder.decode("token-b");

        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRejectedTokenIsRejectedEveryTime() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier);

        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenIsRememberedUntilItExpiresAndNeverLongerThanFiveMinutes() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        Jwt soon = Jwt.withTokenValue("t").header("alg", "RS256").expiresAt(now.plusSeconds(30)).build();
        Jwt later = Jwt.withTokenValue("t").header("alg", "RS256").expiresAt(now.plus(Duration.ofHours(8))).build();
        Jwt expired = Jwt.withTokenValue("t").header("alg", "RS256").expiresAt(now.minusSeconds(10)).build();

        assertThat(CachingJwtDecoder.remainingLifetime(soon, now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(CachingJwtDecoder.remainingLifetime(later, now)).isEqualTo(Duration.ofMinutes(5));
        assertThat(CachingJwtDecoder.remainingLifetime(expired, now)).isEqualTo(Duration.ZERO);
    }
}
