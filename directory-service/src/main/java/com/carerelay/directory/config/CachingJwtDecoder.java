package com.carerelay.directory.config;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens it has already verified, so a client typing into the recipient box (a request per
 * keystroke, same token) does not pay for parsing and an RSA signature check each time. A remembered token
 * is answered only until it expires; the cache is bounded and starts over when full. Wraps whatever
 * {@link JwtDecoder} Spring Boot configured (issuer, JWKS and the CareRelay claim check stay as they are).
 */
public final class CachingJwtDecoder implements JwtDecoder {

    static final int MAX_TOKENS = 10_000;

    private final JwtDecoder delegate;
    private final Clock clock;
    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

    public CachingJwtDecoder(JwtDecoder delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        Instant now = clock.instant();
        if (known != null) {
            if (known.getExpiresAt() != null && known.getExpiresAt().isAfter(now)) {
                return known;
            }
            verified.remove(token);
            throw new BadJwtException("Jwt expired at " + known.getExpiresAt());
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null) {
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** Wraps the configured decoder. */
    @Configuration
    static class Wiring {

        @Bean
        static BeanPostProcessor cachingJwtDecoderPostProcessor() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)
                            ? new CachingJwtDecoder(decoder, Clock.systemUTC()) : bean;
                }
            };
        }
    }
}
