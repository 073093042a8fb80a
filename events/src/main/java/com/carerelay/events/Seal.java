package com.carerelay.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a value for transport on a topic only some of its readers may open: AES-256-GCM under a key
 * (32 bytes, base64) only those services are configured with. One key per purpose:
 * {@code CARERELAY_CREDENTIALS_KEY} (DIRECT signing keys and webhook secrets on the directory topic,
 * directory- and delivery-service) and {@code CARERELAY_MESSAGE_CONTENT_KEY} (a message's content on the
 * messages topic, messaging- and delivery-service, {@link ContentSeal}). Output: base64(12-byte nonce ||
 * ciphertext+tag). The associated data binds the sealed value to the entity it belongs to, so it cannot
 * be replayed onto another staff member or message.
 */
public final class Seal {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public Seal(String base64Key) {
        byte[] raw = Base64.getDecoder().decode(base64Key);
        if (raw.length != 32) {
            throw new IllegalArgumentException("a sealing key must be 32 bytes, base64-encoded");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public String seal(String secret, String boundTo) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a value", e);
        }
    }

    public String open(String sealedBase64, String boundTo) {
        try {
            byte[] sealed = Base64.getDecoder().decode(sealedBase64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the sealed value cannot be opened with this key", e);
        }
    }
}
