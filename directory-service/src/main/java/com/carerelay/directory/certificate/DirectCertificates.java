package com.carerelay.directory.certificate;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The checks on DIRECT certificates: a staff member's signing certificate with its private key, and a
 * DIRECT contact's encryption certificate. Each answers the first problem found, with a reason the
 * person who uploaded it can act on. Trust anchors come from {@code carerelay.direct.trust-anchors}
 * (PEM, one or more certificates: the HISPs and trust bundles the practice accepts). Revocation is not
 * checked here (no CRL/OCSP fetching from this service).
 */
@Component
public class DirectCertificates {

    /** Why a certificate is not usable. */
    public enum Problem {
        key_mismatch, not_yet_valid, expired, no_signing_usage, no_encryption_usage, untrusted, address_mismatch,
        no_trust_anchors
    }

    /** The outcome: valid, or the problem and what to do about it. */
    public record Check(boolean valid, Problem problem, String reason) {

        static Check ok() {
            return new Check(true, null, null);
        }

        static Check failed(Problem problem, String reason) {
            return new Check(false, problem, reason);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DirectCertificates.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;
    private static final int RFC822_NAME = 1;
    private static final int DNS_NAME = 2;

    private final Set<TrustAnchor> anchors;

    public DirectCertificates(@Value("${carerelay.direct.trust-anchors:}") String trustAnchorsPem) {
        if (trustAnchorsPem == null || trustAnchorsPem.isBlank()) {
            this.anchors = Set.of();
            log.warn("No DIRECT trust anchors configured (carerelay.direct.trust-anchors): no DIRECT certificate will validate");
        } else {
            this.anchors = Pem.certificates(trustAnchorsPem).stream().map(anchor -> new TrustAnchor(anchor, null))
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    /** A staff member's signing credentials: {@code chain} is the leaf and any intermediates. */
    public Check signing(List<X509Certificate> chain, PrivateKey key, String directAddress, Instant now) {
        X509Certificate leaf = chain.getFirst();
        if (!keyMatches(leaf, key)) {
            return Check.failed(Problem.key_mismatch, "The private key does not belong to this certificate. Upload the"
                    + " key that was created together with the certificate's signing request.");
        }
        Check dates = dates(leaf, now);
        if (!dates.valid()) {
            return dates;
        }
        if (!usage(leaf, DIGITAL_SIGNATURE)) {
            return Check.failed(Problem.no_signing_usage, "The certificate's key usage does not allow digital"
                    + " signatures, so it cannot sign DIRECT messages. Ask your HISP for a signing certificate"
                    + " (key usage digitalSignature).");
        }
        return trustAndAddress(chain, directAddress, now);
    }

    /** A DIRECT contact's certificate, used to encrypt messages to them. */
    public Check encryption(List<X509Certificate> chain, String directAddress, Instant now) {
        X509Certificate leaf = chain.getFirst();
        Check dates = dates(leaf, now);
        if (!dates.valid()) {
            return dates;
        }
        if (!usage(leaf, KEY_ENCIPHERMENT) && !usage(leaf, KEY_AGREEMENT)) {
            return Check.failed(Problem.no_encryption_usage, "The certificate's key usage does not allow key"
                    + " encipherment, so messages cannot be encrypted to it. Ask the contact for their DIRECT"
                    + " encryption certificate (key usage keyEncipherment).");
        }
        return trustAndAddress(chain, directAddress, now);
    }

    private Check dates(X509Certificate leaf, Instant now) {
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            return Check.failed(Problem.not_yet_valid, "The certificate is not valid before "
                    + DAY.format(leaf.getNotBefore().toInstant()) + ". Upload it again from then, or ask the HISP"
                    + " that issued it for one valid now.");
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            return Check.failed(Problem.expired, "The certificate expired on " + DAY.format(leaf.getNotAfter().toInstant())
                    + ". Ask the HISP that issued it for a renewed certificate and upload that.");
        }
        return Check.ok();
    }

    private Check trustAndAddress(List<X509Certificate> chain, String directAddress, Instant now) {
        X509Certificate leaf = chain.getFirst();
        if (anchors.isEmpty()) {
            return Check.failed(Problem.no_trust_anchors, "No DIRECT trust anchors are configured, so no certificate"
                    + " can be trusted. Ask your CareRelay administrator to configure the trust anchors of your HISP.");
        }
        if (!chainsToAnchor(chain, now)) {
            return Check.failed(Problem.untrusted, "The certificate (issued by " + leaf.getIssuerX500Principal().getName()
                    + ") does not chain to a trusted DIRECT trust anchor. Include the intermediate certificates with"
                    + " it, or ask your administrator to add the issuing HISP's trust anchor.");
        }
        if (!boundTo(leaf, directAddress)) {
            return Check.failed(Problem.address_mismatch, "The certificate is not issued for " + directAddress
                    + " or its domain. Check the DIRECT address, or upload the certificate issued for it.");
        }
        return Check.ok();
    }

    private static boolean keyMatches(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !certificate.getPublicKey().getAlgorithm().equalsIgnoreCase(key.getAlgorithm())
                && !(key.getAlgorithm().startsWith("EC") && certificate.getPublicKey().getAlgorithm().startsWith("EC"))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean usage(X509Certificate certificate, int bit) {
        boolean[] usage = certificate.getKeyUsage();
        return usage != null && usage.length > bit && usage[bit];
    }

    private boolean chainsToAnchor(List<X509Certificate> chain, Instant now) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain.getFirst());
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return true;
        } catch (CertPathBuilderException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX path building is unavailable", e);
        }
    }

    private static boolean boundTo(X509Certificate certificate, String directAddress) {
        String domain = directAddress.substring(directAddress.indexOf('@') + 1);
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> name : names) {
                int type = (Integer) name.get(0);
                String value = String.valueOf(name.get(1));
                if (type == RFC822_NAME && value.equalsIgnoreCase(directAddress)
                        || type == DNS_NAME && value.equalsIgnoreCase(domain)) {
                    return true;
                }
            }
            return false;
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
