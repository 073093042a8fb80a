package com.carerelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A small certificate authority for tests: CAs, intermediates and DIRECT certificates with chosen dates and usages. */
public final class TestPki {

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {

        public String certificatePem() {
            return pem(certificate);
        }

        public String privateKeyPem() {
            return pem(keys.getPrivate());
        }

        /** PKCS#8, the form directory-service seals for delivery-service. */
        public String privateKeyPkcs8Pem() {
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** The trust anchor the test context configures. */
    public static final Issued TRUSTED_CA = ca("CareRelay Test Trust Anchor", null);
    /** A CA nobody configured. */
    public static final Issued UNTRUSTED_CA = ca("Unknown HISP CA", null);

    private TestPki() {
    }

    public static Issued ca(String name, Issued issuer) {
        KeyPair keys = rsa();
        return new Issued(build(name, keys, issuer, true, KeyUsage.keyCertSign | KeyUsage.cRLSign,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650)), null, null), keys);
    }

    /** A signing certificate (digitalSignature) for a DIRECT address, valid from yesterday for a year. */
    public static Issued signing(Issued issuer, String address) {
        return leaf(issuer, address, KeyUsage.digitalSignature, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)));
    }

    /** An encryption certificate (keyEncipherment) for a DIRECT address, valid from yesterday for a year. */
    public static Issued encryption(Issued issuer, String address) {
        return leaf(issuer, address, KeyUsage.keyEncipherment, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)));
    }

    /** One certificate for a DIRECT address that signs and encrypts (S/MIME e-mail protection), valid for a year. */
    public static Issued directIdentity(Issued issuer, String address) {
        return leaf(issuer, address, KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
    }

    /** {@link #directIdentity} naming {@code crlUrl} as its CRL distribution point. */
    public static Issued directIdentity(Issued issuer, String address, String crlUrl) {
        KeyPair keys = rsa();
        return new Issued(build(address, keys, issuer, false, KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)), address, crlUrl), keys);
    }

    public static Issued leaf(Issued issuer, String address, int keyUsage, Instant notBefore, Instant notAfter) {
        KeyPair keys = rsa();
        return new Issued(build(address, keys, issuer, false, keyUsage, notBefore, notAfter, address, null), keys);
    }

    /** A DER CRL signed by {@code issuer}, issued now, next update in an hour, listing {@code revoked} (key compromise). */
    public static byte[] crl(Issued issuer, List<X509Certificate> revoked) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    Date.from(now.minus(Duration.ofMinutes(1))));
            builder.setNextUpdate(Date.from(now.plus(Duration.ofHours(1))));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))),
                        CRLReason.keyCompromise);
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(SERIAL.incrementAndGet())));
            return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.keys().getPrivate())).getEncoded();
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object... objects) {
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

    /** Base64 of a PKCS#12 file holding the leaf's key and the chain, protected by {@code password}. */
    public static String pkcs12(Issued leaf, List<X509Certificate> chain, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("direct", leaf.keys().getPrivate(), password.toCharArray(),
                    chain.toArray(X509Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password.toCharArray());
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(String name, KeyPair keys, Issued issuer, boolean ca, int keyUsage,
                                         Instant notBefore, Instant notAfter, String address, String crlUrl) {
        try {
            X500Name subject = new X500Name("CN=" + name);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            if (address != null && (keyUsage & (KeyUsage.digitalSignature | KeyUsage.keyEncipherment)) != 0) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
            }
            if (address != null) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, address)));
            }
            if (crlUrl != null) {
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(new GeneralNames(
                                new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl))), null, null)}));
            }
            KeyPair signer = issuer == null ? keys : issuer.keys();
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
