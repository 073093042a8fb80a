package com.carerelay.audit.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs chain heads with Ed25519 so a copy kept outside the service (by the compliance team, or a
 * timestamping service) can later prove the history up to that entry was not rewritten: a rewrite
 * changes the recomputed hash at that entry, and the signature cannot be forged without the key.
 * The signed text is {@code carerelay.audit.checkpoint.v1\n<practiceId>\n<chainSeq>\n<hash hex>\n<issuedAt>}.
 */
@Component
public class CheckpointSigner {

    public static final String ALGORITHM = "Ed25519";

    /** A signed chain head. {@code publicKey} is the signer's X.509 SubjectPublicKeyInfo, base64. */
    public record Checkpoint(UUID practiceId, long chainSeq, String hash, Instant issuedAt, String algorithm,
                             String publicKey, String signature) {
    }

    private static final Logger log = LoggerFactory.getLogger(CheckpointSigner.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    /**
     * @param configuredPrivate PKCS#8 DER, base64; blank: a key pair is generated at start (development only)
     * @param configuredPublic  X.509 SubjectPublicKeyInfo DER, base64, of the same key pair
     */
    public CheckpointSigner(@Value("${carerelay.audit.checkpoint.private-key:}") String configuredPrivate,
                            @Value("${carerelay.audit.checkpoint.public-key:}") String configuredPublic)
            throws GeneralSecurityException {
        if (configuredPrivate == null || configuredPrivate.isBlank()) {
            log.warn("No checkpoint signing key configured (AUDIT_CHECKPOINT_PRIVATE_KEY): signing with a key "
                    + "generated at start, whose checkpoints cannot be checked after a restart");
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            privateKey = pair.getPrivate();
            publicKey = pair.getPublic();
        } else {
            if (configuredPublic == null || configuredPublic.isBlank()) {
                throw new IllegalStateException("AUDIT_CHECKPOINT_PUBLIC_KEY must be set with AUDIT_CHECKPOINT_PRIVATE_KEY");
            }
            KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
            privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(configuredPrivate.trim())));
            publicKey = keys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(configuredPublic.trim())));
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(new byte[]{1});
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(new byte[]{1});
            if (!verifier.verify(signer.sign())) {
                throw new IllegalStateException("the configured checkpoint public key does not match the private key");
            }
        }
    }

    public Checkpoint sign(UUID practiceId, long chainSeq, String hash) {
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(signedText(practiceId, chainSeq, hash, issuedAt));
            return new Checkpoint(practiceId, chainSeq, hash, issuedAt, ALGORITHM,
                    Base64.getEncoder().encodeToString(publicKey.getEncoded()),
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this service's key signed exactly this checkpoint. */
    public boolean signedByUs(Checkpoint checkpoint) {
        if (checkpoint.practiceId() == null || checkpoint.hash() == null || checkpoint.issuedAt() == null
                || checkpoint.signature() == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(signedText(checkpoint.practiceId(), checkpoint.chainSeq(), checkpoint.hash(),
                    checkpoint.issuedAt()));
            return verifier.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] signedText(UUID practiceId, long chainSeq, String hash, Instant issuedAt) {
        return ("carerelay.audit.checkpoint.v1\n" + practiceId + "\n" + chainSeq + "\n" + hash + "\n" + issuedAt)
                .getBytes(StandardCharsets.UTF_8);
    }
}
