package com.carerelay.web.config;

import jakarta.servlet.DispatcherType;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The backend-for-frontend's security: OpenID Connect sign-in (authorization code with PKCE) against
 * the configured provider; the tokens stay in the server-side session (the browser holds only the
 * HttpOnly, SameSite session cookie); CSRF protection on every form and htmx request; sign-out ends
 * the session here and at the provider (RP-initiated logout). Pages are split by who may see them;
 * the services behind them check everything again.
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurityConfig {

    static final String REGISTRATION = "carerelay";

    @Bean
    SecurityFilterChain web(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver pkce =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler providerLogout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        providerLogout.setPostLogoutRedirectUri("{baseUrl}/signed-out");
        return http
                .authorizeHttpRequests(requests -> requests
                        // a live stream's completion is dispatched again after its request was authorized,
                        // possibly after sign-out ended the session
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/webjars/**", "/css/**", "/js/**", "/favicon.ico", "/signed-out", "/denied", "/error",
                                "/actuator/health/**").permitAll()
                        .requestMatchers("/portal/**").hasAuthority(Viewer.CLIENT)
                        .requestMatchers("/compliance/**").hasAuthority("audit:read")
                        .requestMatchers("/messages/**", "/compose/**").hasAuthority(Viewer.STAFF)
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(pkce))
                        .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(careRelayAuthorities())))
                .logout(logout -> logout.logoutSuccessHandler(providerLogout))
                .exceptionHandling(errors -> errors.accessDeniedPage("/denied"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                                + "base-uri 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    /** The ID token's CareRelay claims as authorities: each permission, plus KIND_staff or KIND_client. */
    static GrantedAuthoritiesMapper careRelayAuthorities() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    mapped.addAll(fromClaims(oidc.getIdToken().getClaimAsString("kind"),
                            oidc.getIdToken().getClaimAsStringList("permissions")));
                }
            }
            return mapped;
        };
    }

    static Collection<GrantedAuthority> fromClaims(String kind, List<String> permissions) {
        Set<GrantedAuthority> mapped = new HashSet<>();
        if (kind != null) {
            mapped.add(new SimpleGrantedAuthority("KIND_" + kind));
        }
        if (permissions != null) {
            permissions.forEach(permission -> mapped.add(new SimpleGrantedAuthority(permission)));
        }
        return mapped;
    }

    /** Gives the signed-in user's access token, refreshing it with the refresh token when it has expired. */
    @Bean
    OAuth2AuthorizedClientManager authorizedClients(ClientRegistrationRepository registrations,
                                                    OAuth2AuthorizedClientRepository authorized) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations, authorized);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return manager;
    }
}
