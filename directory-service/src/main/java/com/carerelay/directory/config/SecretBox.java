package com.carerelay.directory.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (staff DIRECT private keys, webhook signing secrets) with AES-256-GCM under
 * the key in {@code carerelay.secrets.key} (base64, 32 bytes). Each value gets a random 96-bit nonce and
 * is bound to what it belongs to (the associated data, e.g. the staff id), so a ciphertext copied to
 * another row does not decrypt. Stored form: version byte 1, nonce, ciphertext with tag.
 */
@Component
public class SecretBox {

    /** The development key the default configuration ships with; never for production. */
    static final String DEVELOPMENT_KEY = "ZGV2ZWxvcG1lbnQta2V5LW9ubHktMzItYnl0ZXMhISE=";

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(@Value("${carerelay.secrets.key}") String base64Key) {
        byte[] raw = Base64.getDecoder().decode(base64Key.trim());
        if (raw.length != 32) {
            throw new IllegalStateException("carerelay.secrets.key must be 32 bytes, base64-encoded");
        }
        if (DEVELOPMENT_KEY.equals(base64Key.trim())) {
            log.warn("Secrets are encrypted with the development key; set DIRECTORY_SECRETS_KEY in production");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] seal(byte[] plain, String boundTo) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a secret", e);
        }
    }

    public byte[] open(byte[] stored, String boundTo) {
        if (stored.length < 1 + NONCE || stored[0] != VERSION) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(stored, 1, 1 + NONCE)));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, 1 + NONCE, stored.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not decrypt a secret (wrong carerelay.secrets.key?)", e);
        }
    }

    public byte[] seal(String plain, String boundTo) {
        return seal(plain.getBytes(StandardCharsets.UTF_8), boundTo);
    }

    public String openString(byte[] stored, String boundTo) {
        return new String(open(stored, boundTo), StandardCharsets.UTF_8);
    }
}
