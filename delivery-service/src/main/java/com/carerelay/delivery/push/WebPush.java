package com.carerelay.delivery.push;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Web Push message encryption (RFC 8291, {@code aes128gcm} content coding of RFC 8188) and VAPID
 * application-server identification (RFC 8292, an ES256 JWT), with JDK cryptography only: P-256
 * ECDH, HKDF-SHA-256 from HMAC, AES-128-GCM, ECDSA in its JWS (IEEE P1363) form.
 */
public final class WebPush {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final int RECORD_SIZE = 4096;
    static final ECParameterSpec P256;

    static {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            P256 = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] vapidPublic;
    private final ECPrivateKey vapidPrivate;
    private final String subject;

    /**
     * @param publicKey  the VAPID public key, an uncompressed P-256 point, base64url (what browsers get as applicationServerKey)
     * @param privateKey the VAPID private key, the 32-byte scalar, base64url
     * @param subject    a {@code mailto:} or {@code https:} contact for the push service operator
     */
    public WebPush(String publicKey, String privateKey, String subject) {
        this.vapidPublic = decode(publicKey);
        this.subject = subject;
        try {
            this.vapidPrivate = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(
                    new ECPrivateKeySpec(new BigInteger(1, decode(privateKey)), P256));
            // refuse a mismatched pair at start rather than at every push service
            byte[] probe = "vapid".getBytes(StandardCharsets.UTF_8);
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(publicKey(vapidPublic));
            verifier.update(probe);
            if (!verifier.verify(es256(probe))) {
                throw new IllegalArgumentException("the VAPID public and private keys do not belong together");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the VAPID keys are not valid P-256 keys", e);
        }
    }

    /** The VAPID public key as browsers need it to subscribe (base64url, uncompressed point). */
    public String publicKey() {
        return B64URL.encodeToString(vapidPublic);
    }

    /** The {@code Authorization} header for a request to this push endpoint (RFC 8292: {@code vapid t=..., k=...}). */
    public String authorization(URI endpoint, Instant expires) {
        String audience = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        String header = B64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = B64URL.encodeToString(("{\"aud\":\"" + json(audience) + "\",\"exp\":" + expires.getEpochSecond()
                + ",\"sub\":\"" + json(subject) + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            String jwt = signingInput + "." + B64URL.encodeToString(es256(signingInput.getBytes(StandardCharsets.US_ASCII)));
            return "vapid t=" + jwt + ", k=" + publicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the VAPID token", e);
        }
    }

    /**
     * Encrypts a push message for one subscription (RFC 8291): a fresh P-256 key pair and salt per
     * message; the body is the aes128gcm header (salt, record size, the sender's public key) and
     * one record.
     */
    public static byte[] encrypt(byte[] plaintext, String p256dh, String auth) {
        try {
            byte[] uaPublic = decode(p256dh);
            byte[] authSecret = decode(auth);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(P256);
            KeyPair ephemeral = generator.generateKeyPair();
            byte[] asPublic = encodePoint((ECPublicKey) ephemeral.getPublic());
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ephemeral.getPrivate());
            agreement.doPhase(publicKey(uaPublic), true);
            byte[] ecdhSecret = agreement.generateSecret();

            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
            byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
            if (plaintext.length + 1 + 16 > RECORD_SIZE) {
                throw new IllegalArgumentException("push payload too large for one record");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] ciphertext = cipher.doFinal(concat(plaintext, new byte[] {2})); // 0x02: the last (only) record

            ByteBuffer header = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length);
            header.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic);
            return concat(header.array(), ciphertext);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot encrypt for this push subscription: " + e.getMessage(), e);
        }
    }

    /** HKDF-SHA-256 (RFC 5869) extract then expand, for outputs of at most 32 bytes. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    static ECPublicKey publicKey(byte[] uncompressed) throws GeneralSecurityException {
        if (uncompressed.length != 65 || uncompressed[0] != 4) {
            throw new IllegalArgumentException("not an uncompressed P-256 point");
        }
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
    }

    static byte[] encodePoint(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copyUnsigned(key.getW().getAffineX(), out, 1);
        copyUnsigned(key.getW().getAffineY(), out, 33);
        return out;
    }

    private byte[] es256(byte[] input) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(vapidPrivate);
        signer.update(input);
        return signer.sign();
    }

    private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
        byte[] raw = value.toByteArray();
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, offset + 32 - length, length);
    }

    private static byte[] decode(String base64url) {
        return B64URL_DECODER.decode(base64url.strip().replace('+', '-').replace('/', '_').replace("=", ""));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
