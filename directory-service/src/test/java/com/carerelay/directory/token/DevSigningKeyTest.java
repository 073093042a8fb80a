package com.carerelay.directory.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSigningKeyTest {

    @Test
    void aKeyFileIsMadeOnceAndReadBackAfterARestart(@TempDir Path home) throws Exception {
        Path file = home.resolve("issuer/dev-issuer-key.json");

        RSAKey first = DevSigningKey.loadOrCreate(file);
        RSAKey afterRestart = DevSigningKey.loadOrCreate(file);

        assertThat(afterRestart.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(afterRestart.toRSAPublicKey()).isEqualTo(first.toRSAPublicKey());
        assertThat(afterRestart.isPrivate()).isTrue();
        assertThat(Files.getPosixFilePermissions(file).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void withoutAKeyFileEachStartHasAFreshKey() {
        assertThat(new DevSigningKey("").key().getKeyID()).isNotEqualTo(new DevSigningKey("").key().getKeyID());
    }
}
