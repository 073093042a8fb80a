package com.carerelay.messaging.config;

import com.carerelay.events.security.SecurityDefaults;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint but health, metrics and API docs needs a JWT from the configured issuer; 401 and
 * 403 answer as problem+json. Controllers take a {@link Caller} parameter.
 */
@Configuration
@Import(SecurityDefaults.class)
public class SecurityConfig implements WebMvcConfigurer {

    private static final String[] PUBLIC = {"/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html"};

    private final JsonMapper json;

    public SecurityConfig(JsonMapper json) {
        this.json = json;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((request, response, e) -> problem(response, HttpStatus.UNAUTHORIZED,
                                "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) -> problem(response, HttpStatus.FORBIDDEN,
                                "You are not allowed to do this.")))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> problem(response, HttpStatus.UNAUTHORIZED,
                                "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) -> problem(response, HttpStatus.FORBIDDEN,
                                "You are not allowed to do this.")))
                .build();
    }

    /** Tokens must carry the CareRelay claims: a UUID subject, a principal kind and a tenant. */
    @Bean
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

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                          NativeWebRequest request, WebDataBinderFactory binderFactory) {
                JwtAuthenticationToken token = (JwtAuthenticationToken) SecurityContextHolder.getContext().getAuthentication();
                return Caller.from(token.getToken());
            }
        });
    }

    private void problem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

}
