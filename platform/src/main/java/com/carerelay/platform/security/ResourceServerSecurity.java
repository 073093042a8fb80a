package com.carerelay.platform.security;

import com.carerelay.platform.web.Problems;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The resource-server chain every service runs: every endpoint but health and
 * {@code carerelay.security.public-paths} needs a JWT (metrics and API docs too, unless
 * {@code carerelay.security.public-operator-views}, which the local stack and the tests set) from the configured issuer carrying the
 * CareRelay claims; 401 and 403 answer as problem+json. Controllers take a {@link Caller} parameter.
 * A service that needs another chain first (e.g. an authorization server) declares it with a lower
 * {@code @Order}.
 */
@AutoConfiguration
@EnableConfigurationProperties(SecurityProperties.class)
@Import({SecurityDefaults.class, CallerArgumentResolver.class})
public class ResourceServerSecurity {

    static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health/**", "/actuator/info", "/error");
    /** What tells an attacker how to call the service or what it does: a token needed unless the local stack or tests. */
    static final List<String> OPERATOR_VIEWS = List.of("/actuator/prometheus", "/v3/api-docs/**", "/swagger-ui/**",
            "/swagger-ui.html");

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 10)
    @ConditionalOnMissingBean(name = "apiSecurity")
    SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, Problems problems) throws Exception {
        List<String> open = new ArrayList<>(ALWAYS_PUBLIC);
        open.addAll(properties.publicPaths());
        if (properties.publicOperatorViews()) {
            open.addAll(OPERATOR_VIEWS);
        }
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

    /**
     * Tokens must carry the CareRelay claims (a UUID subject, a principal kind and a tenant), and the
     * tenant must be a known practice where the service says where its practices are. The audience is
     * checked by Spring Boot ({@code spring.security.oauth2.resourceserver.jwt.audiences}, in the
     * shared defaults).
     */
    @Bean
    @ConditionalOnMissingBean(name = "careRelayClaims")
    OAuth2TokenValidator<Jwt> careRelayClaims(ObjectProvider<KnownTenants> knownTenants) {
        return jwt -> {
            Caller caller;
            try {
                caller = Caller.from(jwt);
            } catch (RuntimeException e) {
                return invalid("token lacks a valid sub, kind or tenant claim");
            }
            KnownTenants tenants = knownTenants.getIfAvailable();
            return tenants == null || tenants.isKnown(caller.practiceId())
                    ? OAuth2TokenValidatorResult.success() : invalid("token's tenant is not a known practice");
        };
    }

    @Bean
    @ConditionalOnMissingBean
    BearerTokenResolver bearerTokenResolver() {
        return new HeaderBearerTokenResolver();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("carerelay.security.tenant-table")
    KnownTenants knownTenants(JdbcTemplate jdbc, SecurityProperties properties) {
        return new KnownTenants(jdbc, properties.tenantTable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("carerelay.security.staff-table")
    StaffPermissions staffPermissions(JdbcTemplate jdbc, SecurityProperties properties) {
        return new StaffPermissions(jdbc, properties.staffTable());
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
