package com.carerelay.delivery.direct;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Checks the DIRECT contact's encryption certificate before a message is encrypted to it: it must chain
 * to a DIRECT trust anchor ({@link DirectTrust}) and its issuer's CRL (downloaded from the certificate's
 * http CRL distribution points, signature and dates verified by PKIX) must not list it. The CRL is fetched
 * only for a certificate that chains, so only a trusted CA chooses where we connect. The end-entity
 * certificate is checked; OCSP is not used. What an undetermined status does depends on {@link Mode}.
 */
public final class RecipientRevocation {

    /** {@code carerelay.direct.revocation.mode}. */
    public enum Mode {
        /** Not chaining or no CRL distribution point: failed; CRL unreachable, unverifiable or stale: retried. */
        FAIL_CLOSED,
        /** Revoked: failed; anything undetermined: sent anyway, and the history says why it was not checked. */
        SOFT_FAIL,
        /** Nothing is checked (the history says so). */
        OFF
    }

    /** What to do with the attempt, and the words its history gets. */
    public record Verdict(Outcome outcome, String note) {
        public enum Outcome { send, fail, retry }
    }

    private record Cached(X509CRL crl, Instant fetchedAt) {
    }

    private final DirectTrust trust;
    private final DirectProperties.Revocation settings;
    private final BoundedGet http;
    private final Clock clock;
    private final Map<URI, Cached> crls = new ConcurrentHashMap<>();

    public RecipientRevocation(DirectTrust trust, DirectProperties.Revocation settings, Clock clock) {
        this.trust = trust;
        this.settings = settings;
        this.http = new BoundedGet(settings.timeout());
        this.clock = clock;
    }

    public Verdict check(X509Certificate certificate) {
        if (settings.mode() == Mode.OFF) {
            return new Verdict(Verdict.Outcome.send, "recipient's certificate revocation not checked (mode off)");
        }
        PKIXCertPathBuilderResult path = trust.path(certificate, List.of()).orElse(null);
        if (path == null) {
            return undetermined(Verdict.Outcome.fail, "the DIRECT contact's certificate does not chain to a DIRECT trust"
                    + " anchor or is not valid now");
        }
        List<URI> points = distributionPoints(certificate);
        if (points.isEmpty()) {
            return undetermined(Verdict.Outcome.fail, "the DIRECT contact's certificate names no http CRL distribution"
                    + " point");
        }
        List<X509CRL> downloaded = new ArrayList<>();
        String failure = null;
        for (URI point : points) {
            try {
                downloaded.add(crl(point));
                break;
            } catch (BoundedGet.Failed failed) {
                failure = failed.getMessage();
            }
        }
        if (downloaded.isEmpty()) {
            return undetermined(Verdict.Outcome.retry, "the DIRECT contact's certificate revocation list could not be"
                    + " downloaded: " + failure);
        }
        return validate(path, downloaded);
    }

    private Verdict validate(PKIXCertPathBuilderResult path, List<X509CRL> downloaded) {
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                    PKIXRevocationChecker.Option.NO_FALLBACK, PKIXRevocationChecker.Option.ONLY_END_ENTITY));
            PKIXParameters parameters = new PKIXParameters(trust.anchors());
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(downloaded)));
            parameters.setRevocationEnabled(true);
            parameters.addCertPathChecker(checker);
            validator.validate(path.getCertPath(), parameters);
            return new Verdict(Verdict.Outcome.send, "recipient's certificate checked against its CA's CRL: not revoked");
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                String why = e.getCause() instanceof CertificateRevokedException revoked
                        ? " (" + revoked.getRevocationReason() + ")" : "";
                return new Verdict(Verdict.Outcome.fail, "the DIRECT contact's certificate is revoked" + why
                        + " per its CA's CRL");
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
                return undetermined(Verdict.Outcome.retry, "the DIRECT contact's certificate revocation status cannot be"
                        + " determined (CRL not signed by its CA or out of date)");
            }
            return undetermined(Verdict.Outcome.fail, "the DIRECT contact's certificate does not validate against the"
                    + " DIRECT trust anchors");
        } catch (GeneralSecurityException e) {
            return undetermined(Verdict.Outcome.retry, "the DIRECT contact's certificate revocation status cannot be"
                    + " determined (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Fail-closed: {@code closed}; soft-fail: sent, noting what could not be checked. */
    private Verdict undetermined(Verdict.Outcome closed, String reason) {
        return settings.mode() == Mode.SOFT_FAIL
                ? new Verdict(Verdict.Outcome.send, "recipient's certificate revocation not checked (soft-fail): " + reason)
                : new Verdict(closed, reason);
    }

    private X509CRL crl(URI point) throws BoundedGet.Failed {
        Instant now = clock.instant();
        Cached cached = crls.get(point);
        if (cached != null && now.isBefore(cached.fetchedAt().plus(settings.crlCache()))
                && (cached.crl().getNextUpdate() == null || now.isBefore(cached.crl().getNextUpdate().toInstant()))) {
            return cached.crl();
        }
        BoundedGet.Answer answer = http.get(point, Map.of(), settings.maxCrlSize().toBytes(), settings.timeout());
        if (answer.status() != 200) {
            throw new BoundedGet.Failed("HTTP " + answer.status());
        }
        try {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(answer.body()));
            crls.put(point, new Cached(crl, now));
            return crl;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new BoundedGet.Failed("not a DER or PEM CRL");
        }
    }

    /** The certificate's http(s) CRL distribution points (LDAP and relative names are not followed). */
    static List<URI> distributionPoints(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (extension == null) {
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        try {
            ASN1Primitive value = JcaX509ExtensionUtils.parseExtensionValue(extension);
            for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        URI uri = URI.create(general.getName().toString());
                        if (Set.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase())) {
                            uris.add(uri);
                        }
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
        return uris;
    }
}
