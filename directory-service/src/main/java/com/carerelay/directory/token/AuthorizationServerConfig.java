package com.carerelay.directory.token;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The development issuer as a real OpenID Connect provider (Spring Authorization Server), only where
 * {@code carerelay.dev-issuer.enabled=true} (local profile, tests): discovery, the JWKS at
 * {@code /oauth2/jwks}, authorization code with PKCE for the registered client {@code carerelay-web},
 * RP-initiated logout, and a sign-in page listing the people who may sign in. Tokens carry exactly the
 * claims of {@code POST /dev/tokens} ({@code sub} = staff or client id, {@code kind}, {@code tenant},
 * {@code permissions}, {@code name}), signed with the persisted {@link DevSigningKey}.
 *
 * <p>Its two filter chains come before the resource-server chain of {@code SecurityConfig}, which
 * has no order and so comes last.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "carerelay.dev-issuer.enabled", havingValue = "true")
@EnableConfigurationProperties(AuthorizationServerConfig.WebClientProperties.class)
public class AuthorizationServerConfig {

    /** The browser front end's registration: a confidential client that must use PKCE. */
    @ConfigurationProperties("carerelay.dev-issuer.web-client")
    public record WebClientProperties(String id, String secret, List<String> redirectUris,
                                      List<String> postLogoutRedirectUris) {
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                // the OIDC userinfo endpoint takes the access token
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        return http.build();
    }

    /** The sign-in page: pick a person (no password; development only). */
    @Bean
    @Order(2)
    SecurityFilterChain devSignIn(HttpSecurity http, DevUsers users) throws Exception {
        return http.securityMatcher("/login")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .authenticationProvider(pickedUser(users))
                .formLogin(form -> form.loginPage("/login").usernameParameter("email"))
                .build();
    }

    private static AuthenticationProvider pickedUser(DevUsers users) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String email = authentication.getName();
                users.byEmail(email).orElseThrow(() -> new BadCredentialsException("No such user"));
                // the factor's time becomes the ID token's auth_time
                return UsernamePasswordAuthenticationToken.authenticated(email.toLowerCase(), null,
                        List.of(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                                .issuedAt(Instant.now()).build()));
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    @Bean
    RegisteredClientRepository registeredClients(WebClientProperties web,
                                                 org.springframework.core.env.Environment environment) {
        Duration lifetime = environment.getProperty("carerelay.dev-issuer.token-lifetime", Duration.class, Duration.ofHours(8));
        RegisteredClient client = RegisteredClient.withId(UUID.nameUUIDFromBytes(web.id().getBytes()).toString())
                .clientId(web.id())
                .clientSecret("{noop}" + web.secret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(web.redirectUris()))
                .postLogoutRedirectUris(uris -> uris.addAll(web.postLogoutRedirectUris()))
                .scope(OidcScopes.OPENID)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(lifetime)
                        .refreshTokenTimeToLive(lifetime.multipliedBy(2)).reuseRefreshTokens(false).build())
                .build();
        return new InMemoryRegisteredClientRepository(client);
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(DevSigningKey signingKey) {
        return new ImmutableJWKSet<>(new JWKSet(signingKey.key()));
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(org.springframework.core.env.Environment environment) {
        return AuthorizationServerSettings.builder()
                .issuer(environment.getRequiredProperty("carerelay.dev-issuer.issuer")).build();
    }

    /** The same CareRelay claims as {@code POST /dev/tokens}, in the access token and the ID token. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> issuedTokenClaims(DevUsers users,
            @org.springframework.beans.factory.annotation.Value("${carerelay.dev-issuer.audience}") String audience) {
        return context -> {
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
            if (!accessToken && !idToken) {
                return;
            }
            DevUsers.DevUser user = users.byEmail(context.getPrincipal().getName())
                    .orElseThrow(() -> new BadCredentialsException("The signed-in user no longer exists"));
            context.getClaims()
                    .subject(user.id().toString())
                    .claim("kind", user.kind())
                    .claim("tenant", user.tenant().toString())
                    .claim("permissions", user.permissions())
                    .claim("name", user.name());
            if (accessToken) {
                // for the services' APIs; the ID token keeps its own audience, the web client
                context.getClaims().audience(List.of(audience));
            }
        };
    }
}
