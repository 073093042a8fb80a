package com.carerelay.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Tokens for single-service tests: an RSA key, its JWKS served over real HTTP, and tokens with the
 * CareRelay claims. The end-to-end test uses directory-service's development issuer instead.
 */
public final class TestTokens {

    public static final String ISSUER = "http://carerelay-test-issuer";
    /** The audience every service requires by default ({@code JWT_AUDIENCE}). */
    public static final String AUDIENCE = "carerelay";

    private static RSAKey key;
    private static HttpServer jwksServer;

    private TestTokens() {
    }

    public static String staff(UUID staffId, UUID practiceId, String... permissions) {
        return token(staffId, "staff", practiceId, List.of(permissions));
    }

    public static String client(UUID clientId, UUID practiceId) {
        return token(clientId, "client", practiceId, List.of());
    }

    public static String token(UUID subject, String kind, UUID practiceId, List<String> permissions) {
        return token(subject, kind, practiceId, permissions, AUDIENCE);
    }

    /** A token for another audience (e.g. another system's API at the same provider). */
    public static String token(UUID subject, String kind, UUID practiceId, List<String> permissions, String audience) {
        return token(subject, kind, practiceId, permissions, audience, java.time.Duration.ofHours(1));
    }

    /** A staff member's token that expires after {@code lifetime}. */
    public static String expiringStaff(UUID staffId, UUID practiceId, java.time.Duration lifetime) {
        return token(staffId, "staff", practiceId, List.of(), AUDIENCE, lifetime);
    }

    private static synchronized String token(UUID subject, String kind, UUID practiceId, List<String> permissions,
                                             String audience, java.time.Duration lifetime) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .audience(audience)
                    .subject(subject.toString())
                    .claim("kind", kind)
                    .claim("tenant", practiceId.toString())
                    .claim("permissions", permissions)
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plus(lifetime)))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key().getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized String jwkSetUri() {
        if (jwksServer == null) {
            try {
                byte[] body = new JWKSet(key().toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                jwksServer.createContext("/jwks", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                jwksServer.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
    }

    private static RSAKey key() {
        if (key == null) {
            try {
                key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("test-" + UUID.randomUUID()).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return key;
    }
}
