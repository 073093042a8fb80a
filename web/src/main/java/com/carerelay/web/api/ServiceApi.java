package com.carerelay.web.api;

import com.carerelay.web.config.WebProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The four services' HTTP APIs, called as the signed-in user: each call carries the user's access
 * token from the server-side session (refreshed when it has expired). A 4xx or 5xx answer becomes an
 * {@link ApiProblem} with the service's own words.
 */
@Component
public class ServiceApi {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServiceApi.class);
    /** Ids are masked in the log: a path names what was asked for, never whose. */
    private static final java.util.regex.Pattern IDS = java.util.regex.Pattern.compile("[0-9a-fA-F-]{36}");

    private final OAuth2AuthorizedClientManager authorizedClients;
    private final RestClient directory;
    private final RestClient messaging;
    private final RestClient delivery;
    private final RestClient audit;

    public ServiceApi(OAuth2AuthorizedClientManager authorizedClients, RestClient.Builder builder, WebProperties properties) {
        this.authorizedClients = authorizedClients;
        SimpleClientHttpRequestFactory timeouts = new SimpleClientHttpRequestFactory();
        timeouts.setConnectTimeout(Duration.ofSeconds(3));
        timeouts.setReadTimeout(Duration.ofSeconds(30));
        RestClient.Builder base = builder.requestFactory(timeouts)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    log.info("{} {} answered {}", request.getMethod(), IDS.matcher(request.getURI().getPath()).replaceAll("{id}"),
                            response.getStatusCode().value());
                    throw ApiProblem.of(response.getStatusCode().value(), response.getBody().readAllBytes());
                });
        this.directory = base.clone().baseUrl(properties.directoryUrl()).build();
        this.messaging = base.clone().baseUrl(properties.messagingUrl()).build();
        this.delivery = base.clone().baseUrl(properties.deliveryUrl()).build();
        this.audit = base.clone().baseUrl(properties.auditUrl()).build();
    }

    public RestClient directory() {
        return directory;
    }

    public RestClient messaging() {
        return messaging;
    }

    public RestClient delivery() {
        return delivery;
    }

    public RestClient audit() {
        return audit;
    }

    /** {@code Authorization: Bearer …} for the current request's user; use as {@code .headers(api.asUser())}. */
    public java.util.function.Consumer<HttpHeaders> asUser() {
        String token = accessToken();
        return headers -> headers.setBearerAuth(token);
    }

    public static java.util.function.Consumer<HttpHeaders> bearer(String token) {
        return headers -> headers.setBearerAuth(token);
    }

    /** The current user's access token (for work that continues off the request thread, e.g. a live stream). */
    public String accessToken() {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        ServletRequestAttributes attributes = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest request = attributes.getRequest();
        HttpServletResponse response = attributes.getResponse();
        OAuth2AuthorizedClient client = authorizedClients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("carerelay")
                .principal(user)
                .attribute(HttpServletRequest.class.getName(), request)
                .attribute(HttpServletResponse.class.getName(), response)
                .build());
        if (client == null) {
            throw new ApiProblem(401, "Your session has ended. Please sign in again.", java.util.Map.of());
        }
        return client.getAccessToken().getTokenValue();
    }
}
