package com.carerelay.platform.security;

import com.carerelay.platform.web.Problems;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The resource-server chain every service runs: every endpoint but health, metrics, API docs and
 * {@code carerelay.security.public-paths} needs a JWT from the configured issuer carrying the
 * CareRelay claims; 401 and 403 answer as problem+json. Controllers take a {@link Caller} parameter.
 * A service that needs another chain first (e.g. an authorization server) declares it with a lower
 * {@code @Order}.
 */
@AutoConfiguration
@EnableConfigurationProperties(SecurityProperties.class)
@Import({SecurityDefaults.class, CallerArgumentResolver.class})
public class ResourceServerSecurity {

    static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error");

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 10)
    @ConditionalOnMissingBean(name = "apiSecurity")
    SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, Problems problems) throws Exception {
        List<String> open = new ArrayList<>(ALWAYS_PUBLIC);
        open.addAll(properties.publicPaths());
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
        };
        AccessDeniedHandler denied = (request, response, e) ->
                problems.write(response, HttpStatus.FORBIDDEN, "You are not allowed to do this.");
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(open.toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .build();
    }

    /** Tokens must carry the CareRelay claims: a UUID subject, a principal kind and a tenant. */
    @Bean
    @ConditionalOnMissingBean(name = "careRelayClaims")
    OAuth2TokenValidator<Jwt> careRelayClaims() {
        return jwt -> {
            try {
                Caller.from(jwt);
                return OAuth2TokenValidatorResult.success();
            } catch (RuntimeException e) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "token lacks a valid sub, kind or tenant claim", null));
            }
        };
    }
}
