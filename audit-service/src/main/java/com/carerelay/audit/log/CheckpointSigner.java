package com.carerelay.audit.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
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

    /** SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410), followed by the 32-byte key. */
    private static final byte[] X509_ED25519_PREFIX = java.util.HexFormat.of().parseHex("302a300506032b6570032100");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    /**
     * @param configuredKey the Ed25519 private key, PKCS#8 DER in base64 (as {@code openssl genpkey
     *                      -algorithm ed25519 -outform DER | base64 -w0} writes it); blank: a key pair is
     *                      generated at start (development only)
     */
    public CheckpointSigner(@Value("${carerelay.audit.checkpoint.private-key:}") String configuredKey)
            throws GeneralSecurityException {
        if (configuredKey == null || configuredKey.isBlank()) {
            log.warn("No checkpoint signing key configured (AUDIT_CHECKPOINT_PRIVATE_KEY): signing with a key "
                    + "generated at start, whose checkpoints cannot be checked after a restart");
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            privateKey = pair.getPrivate();
            publicKey = pair.getPublic();
        } else {
            KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
            privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(configuredKey.trim())));
            byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                    .orElseThrow(() -> new GeneralSecurityException("the checkpoint key has no private bytes"));
            byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
            byte[] spki = new byte[X509_ED25519_PREFIX.length + raw.length];
            System.arraycopy(X509_ED25519_PREFIX, 0, spki, 0, X509_ED25519_PREFIX.length);
            System.arraycopy(raw, 0, spki, X509_ED25519_PREFIX.length, raw.length);
            publicKey = keys.generatePublic(new X509EncodedKeySpec(spki));
        }
    }

    /** The public key, X.509 SubjectPublicKeyInfo DER in base64: what a checkpoint's holder verifies with. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
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
