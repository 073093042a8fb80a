package com.carerelay.directory.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final AtomicInteger decoded = new AtomicInteger();

    private JwtDecoder verifying(Instant expiresAt) {
        return token -> {
            if (token.equals("forged")) {
                throw new BadJwtException("bad signature");
            }
            decoded.incrementAndGet();
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("s").issuedAt(NOW.minusSeconds(60))
                    .expiresAt(expiresAt).build();
        };
    }

    @Test
    void verifiesATokenOnceWhileItIsValid() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifying(NOW.plusSeconds(300)), Clock.fixed(NOW, ZoneOffset.UTC));

        Jwt first = decoder.decode("token-a");
        Jwt second = decoder.decode("token-a");

        assertThat(second).isSameAs(first);
        assertThat(decoded).hasValue(1);
        decoder.decode("token-b");
        assertThat(decoded).hasValue(2);
    }

    @Test
    void refusesARememberedTokenOnceItHasExpired() {
        Instant expiry = NOW.plusSeconds(30);
        MovableClock clock = new MovableClock(NOW);
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifying(expiry), clock);
        decoder.decode("token-a");

        clock.now = expiry.plusSeconds(1);

        assertThatThrownBy(() -> decoder.decode("token-a")).isInstanceOf(BadJwtException.class)
                .hasMessageContaining("expired");
        assertThat(decoded).hasValue(1);
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {

        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void neverRemembersWhatFailedVerification() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifying(NOW.plusSeconds(300)), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
    }
}
