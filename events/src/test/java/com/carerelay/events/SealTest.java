package com.carerelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealTest {

    final Seal seal = new Seal(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void opensWhatItSealedForTheSameEntity() {
        String sealed = seal.seal("-----BEGIN PRIVATE KEY-----", "staff-1");
        assertThat(sealed).doesNotContain("PRIVATE");
        assertThat(seal.open(sealed, "staff-1")).isEqualTo("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void refusesAValueSealedForAnotherEntityOrWithAnotherKey() {
        String sealed = seal.seal("secret", "staff-1");
        assertThatThrownBy(() -> seal.open(sealed, "staff-2")).isInstanceOf(IllegalStateException.class);
        Seal other = new Seal(Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B'));
        assertThatThrownBy(() -> other.open(sealed, "staff-1")).isInstanceOf(IllegalStateException.class);
    }
}
