package com.carerelay.platform.security;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * What every service's resource server shares, imported by each {@code SecurityConfig}: one RSA
 * verification per access token, not per request ({@link CachingJwtDecoder}), and no per-filter
 * security observations (HTTP server metrics stay; the per-filter ones cost more than they tell).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityDefaults {

    @Bean
    static BeanPostProcessor cacheVerifiedTokens() {
        return CachingJwtDecoder.wrapping();
    }

    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }
}
