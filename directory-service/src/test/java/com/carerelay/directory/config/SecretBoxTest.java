package com.carerelay.directory.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = new SecretBox(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void sealsAndOpensWithTheSameBinding() {
        byte[] sealed = box.seal("whsec_abc", "row-1");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("whsec_abc");
        assertThat(box.openString(sealed, "row-1")).isEqualTo("whsec_abc");
        assertThat(box.seal("whsec_abc", "row-1")).isNotEqualTo(sealed);
    }

    @Test
    void refusesAnotherRowsBindingATamperedValueOrAnotherKey() {
        byte[] sealed = box.seal("secret", "row-1");

        assertThatThrownBy(() -> box.open(sealed, "row-2")).isInstanceOf(IllegalStateException.class);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(tampered, "row-1")).isInstanceOf(IllegalStateException.class);
        SecretBox other = new SecretBox(SecretBox.DEVELOPMENT_KEY);
        assertThatThrownBy(() -> other.open(sealed, "row-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalStateException.class);
    }
}
