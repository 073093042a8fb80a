package com.carerelay.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CheckpointSignerTest {

    static final UUID PRACTICE = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final String HASH = "ab".repeat(32);

    @Test
    void aConfiguredPrivateKeySignsCheckpointsThatItsPublicKeyVerifiesOutsideTheService() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        CheckpointSigner signer = new CheckpointSigner(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));

        CheckpointSigner.Checkpoint checkpoint = signer.sign(PRACTICE, 42, HASH);

        assertThat(signer.publicKey()).isEqualTo(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        assertThat(checkpoint.publicKey()).isEqualTo(signer.publicKey());
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(checkpoint.publicKey()))));
        verifier.update(("carerelay.audit.checkpoint.v1\n" + PRACTICE + "\n42\n" + HASH + "\n" + checkpoint.issuedAt())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(checkpoint.signature()))).isTrue();
        assertThat(signer.signedByUs(checkpoint)).isTrue();
    }

    @Test
    void anyChangedFieldOrAnotherKeysSignatureIsRefused() throws Exception {
        CheckpointSigner signer = new CheckpointSigner("");
        CheckpointSigner other = new CheckpointSigner("");
        CheckpointSigner.Checkpoint checkpoint = signer.sign(PRACTICE, 42, HASH);

        assertThat(signer.signedByUs(new CheckpointSigner.Checkpoint(PRACTICE, 41, HASH, checkpoint.issuedAt(),
                checkpoint.algorithm(), checkpoint.publicKey(), checkpoint.signature()))).isFalse();
        assertThat(signer.signedByUs(new CheckpointSigner.Checkpoint(PRACTICE, 42, "cd".repeat(32),
                checkpoint.issuedAt(), checkpoint.algorithm(), checkpoint.publicKey(), checkpoint.signature()))).isFalse();
        assertThat(signer.signedByUs(other.sign(PRACTICE, 42, HASH))).isFalse();
        assertThat(signer.signedByUs(new CheckpointSigner.Checkpoint(PRACTICE, 42, HASH, checkpoint.issuedAt(),
                checkpoint.algorithm(), checkpoint.publicKey(), "not base64!"))).isFalse();
    }
}
