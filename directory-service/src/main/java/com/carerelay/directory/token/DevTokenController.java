package com.carerelay.directory.token;

import com.carerelay.platform.web.ApiException;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Development sign-in for curl: a token for an active staff member or a portal-invited client, by
 * e-mail. Exists only where the development issuer is on (local profile, tests); browsers sign in
 * through the authorization server ({@link AuthorizationServerConfig}), which serves the JWKS and
 * discovery document.
 */
@RestController
@ConditionalOnProperty(name = "carerelay.dev-issuer.enabled", havingValue = "true")
public class DevTokenController {

    private final DevTokenIssuer issuer;
    private final DevUsers users;

    public DevTokenController(DevTokenIssuer issuer, DevUsers users) {
        this.issuer = issuer;
        this.users = users;
    }

    public record TokenRequest(@NotBlank @Email String email) {
    }

    public record TokenResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("token_type") String tokenType,
                                @JsonProperty("expires_in") long expiresIn) {
    }

    @PostMapping(path = "/dev/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    public TokenResponse token(@Valid @RequestBody TokenRequest request) {
        DevTokenIssuer.IssuedToken token = issue(request.email());
        return new TokenResponse(token.accessToken(), "Bearer", token.expiresInSeconds());
    }

    /** The bare token, for shell scripts: {@code TOKEN=$(curl ... -H 'Accept: text/plain')}. */
    @PostMapping(path = "/dev/tokens", produces = MediaType.TEXT_PLAIN_VALUE)
    public String plainToken(@Valid @RequestBody TokenRequest request) {
        return issue(request.email()).accessToken();
    }

    private DevTokenIssuer.IssuedToken issue(String email) {
        DevUsers.DevUser user = users.byEmail(email).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "email",
                "No active staff member or portal client signs in as " + email + "."));
        return issuer.issue(user.id(), user.kind(), user.tenant(), user.permissions(), user.name());
    }
}
