package com.carerelay.directory.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The development token issuer's {@code POST /dev/tokens} side (local profile and tests only): signs
 * tokens with the same key and claims as the authorization server's tokens ({@link DevSigningKey},
 * published at {@code /oauth2/jwks}), for curl and scripts.
 */
@Component
@ConditionalOnProperty(name = "carerelay.dev-issuer.enabled", havingValue = "true")
public class DevTokenIssuer {

    private final RSAKey key;
    private final String issuer;
    private final Duration lifetime;
    private final String audience;

    public DevTokenIssuer(@Value("${carerelay.dev-issuer.issuer}") String issuer,
                          @Value("${carerelay.dev-issuer.token-lifetime}") Duration lifetime,
                          @Value("${carerelay.dev-issuer.audience}") String audience, DevSigningKey signingKey) {
        this.key = signingKey.key();
        this.audience = audience;
        this.issuer = issuer;
        this.lifetime = lifetime;
    }

    public record IssuedToken(String accessToken, long expiresInSeconds) {
    }

    public IssuedToken issue(UUID subject, String kind, UUID tenant, List<String> permissions, String name) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject.toString())
                .claim("kind", kind)
                .claim("tenant", tenant.toString())
                .claim("permissions", permissions)
                .claim("name", name)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return new IssuedToken(jwt.serialize(), lifetime.toSeconds());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a development token", e);
        }
    }

    public String issuer() {
        return issuer;
    }
}
