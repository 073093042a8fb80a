package com.carerelay.directory.certificate;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Reading and writing PEM: X.509 certificates and private keys (PKCS#8, encrypted PKCS#8, PKCS#1/SEC1). */
public final class Pem {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Pem() {
    }

    /** The certificates in a PEM text, in order (leaf first by convention). Refuses text with none. */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("is not a PEM X.509 certificate", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The first private key in a PEM text; {@code password} opens an encrypted one. */
    public static PrivateKey privateKey(String pem, char[] password) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
                switch (object) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        return converter.getKeyPair(pair).getPrivate();
                    }
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> {
                        requirePassword(password);
                        return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password)));
                    }
                    case PEMEncryptedKeyPair encrypted -> {
                        requirePassword(password);
                        return converter.getKeyPair(encrypted.decryptKeyPair(
                                new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))).getPrivate();
                    }
                    default -> {
                        // certificates or parameters next to the key: skip them
                    }
                }
            }
        } catch (PKCSException | OperatorCreationException e) {
            throw new IllegalArgumentException("could not be decrypted with this password", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException refused && refused.getMessage() != null
                    && refused.getMessage().startsWith("is encrypted")) {
                throw refused;
            }
            throw new IllegalArgumentException("is not a readable PEM private key"
                    + (e.getMessage() != null && e.getMessage().contains("decrypt") ? " (wrong password?)" : ""), e);
        }
        throw new IllegalArgumentException("contains no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    public static String encode(List<?> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void requirePassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("is encrypted: send its password");
        }
    }
}
