package com.carerelay.directory.token;

import com.carerelay.directory.client.Client;
import com.carerelay.directory.client.ClientRepository;
import com.carerelay.directory.staff.Staff;
import com.carerelay.directory.staff.StaffRepository;
import com.carerelay.platform.web.ApiException;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Development sign-in: a token for an active staff member or a portal-invited client, by e-mail.
 * Exists only where the development issuer is on (local profile, tests).
 */
@RestController
@ConditionalOnProperty(name = "carerelay.dev-issuer.enabled", havingValue = "true")
public class DevTokenController {

    private final DevTokenIssuer issuer;
    private final StaffRepository staff;
    private final ClientRepository clients;

    public DevTokenController(DevTokenIssuer issuer, StaffRepository staff, ClientRepository clients) {
        this.issuer = issuer;
        this.staff = staff;
        this.clients = clients;
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

    @GetMapping("/oauth2/jwks")
    public Map<String, Object> jwks() {
        return issuer.jwks();
    }

    @GetMapping("/.well-known/openid-configuration")
    public Map<String, Object> discovery() {
        return Map.of("issuer", issuer.issuer(), "jwks_uri", issuer.issuer() + "/oauth2/jwks",
                "id_token_signing_alg_values_supported", List.of("RS256"));
    }

    private DevTokenIssuer.IssuedToken issue(String email) {
        List<Staff> members = staff.findByEmailIgnoreCaseAndActiveTrue(email);
        if (!members.isEmpty()) {
            Staff member = members.getFirst();
            return issuer.issue(member.getId(), "staff", member.getPracticeId(), member.permissions(), member.displayName());
        }
        List<Client> portalClients = clients.findByEmailIgnoreCaseAndPortalStatusIn(email,
                EnumSet.of(PortalStatus.invited, PortalStatus.active));
        if (!portalClients.isEmpty()) {
            Client client = portalClients.getFirst();
            return issuer.issue(client.getId(), "client", client.getPracticeId(), List.of(),
                    client.getFirstName() + " " + client.getLastName());
        }
        throw new ApiException(HttpStatus.NOT_FOUND, "email",
                "No active staff member or portal client signs in as " + email + ".");
    }
}
