package com.carerelay.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers tokens whose signature and claims were already verified, until they expire (at most
 * {@link #MAX_AGE}), so a frontend reusing its access token costs one RSA verification, not one per
 * request. Only the exact token string hits the cache; anything else goes to the real decoder.
 * Used by every service through {@link #wrapping()}, so Spring Boot's decoder configuration (issuer,
 * JWK set, validators) stays as configured.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final int MAX_TOKENS = 20_000;

    private final JwtDecoder verifier;
    private final Cache<String, Jwt> verified;

    public CachingJwtDecoder(JwtDecoder verifier) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> remainingLifetime(jwt, Instant.now())))
                .build();
    }

    @Override
    public Jwt decode(String token) {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt == null) {
            jwt = verifier.decode(token);
            verified.put(token, jwt);
        }
        return jwt;
    }

    static Duration remainingLifetime(Jwt jwt, Instant now) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return MAX_AGE;
        }
        Duration left = Duration.between(now, expiresAt);
        return left.isNegative() ? Duration.ZERO : left.compareTo(MAX_AGE) > 0 ? MAX_AGE : left;
    }

    /** Wraps the application's {@link JwtDecoder} bean; declare it as a {@code static} {@code @Bean}. */
    public static BeanPostProcessor wrapping() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)
                        ? new CachingJwtDecoder(decoder) : bean;
            }
        };
    }
}
