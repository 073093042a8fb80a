package com.carerelay.directory.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The development issuer's RSA signing key. With {@code carerelay.dev-issuer.key-file} set (the local
 * stack keeps it in {@code .local-stack/}) it is read from that file, or made once and written there,
 * so tokens and the JWKS survive a restart; without it a fresh key is made at each start (tests).
 */
@Component
@ConditionalOnProperty(name = "carerelay.dev-issuer.enabled", havingValue = "true")
public class DevSigningKey {

    private static final Logger log = LoggerFactory.getLogger(DevSigningKey.class);

    private final RSAKey key;

    public DevSigningKey(@Value("${carerelay.dev-issuer.key-file:}") String keyFile) {
        this.key = keyFile.isBlank() ? generate() : loadOrCreate(Path.of(keyFile));
    }

    public RSAKey key() {
        return key;
    }

    static RSAKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return RSAKey.parse(Files.readString(file));
            }
            RSAKey created = generate();
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, "dev-issuer-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                log.debug("no POSIX permissions on {}", parent);
            }
            Files.writeString(temporary, created.toJSONString());
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            log.info("Made the development issuer's signing key in {}", file);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the development issuer key " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the development issuer key file " + file + " is not a JWK", e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("dev-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not make a development signing key", e);
        }
    }
}
