package com.carerelay.delivery.direct;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DIRECT trust anchors ({@code carerelay.direct.trust-anchors}, PEM, the same bundle as
 * directory-service's) and the one question both directions ask of them: does this certificate, valid
 * now, chain to one of them (through the intermediates given)? Without anchors nothing chains.
 */
public final class DirectTrust {

    private final Set<TrustAnchor> anchors;

    public DirectTrust(String trustAnchorsPem) {
        this.anchors = trustAnchorsPem == null || trustAnchorsPem.isBlank() ? Set.of() : certificates(trustAnchorsPem)
                .stream().map(anchor -> new TrustAnchor(anchor, null)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean configured() {
        return !anchors.isEmpty();
    }

    Set<TrustAnchor> anchors() {
        return anchors;
    }

    /** The path from {@code leaf} to an anchor, revocation not checked; empty when there is none or it is not valid now. */
    public Optional<PKIXCertPathBuilderResult> path(X509Certificate leaf, List<X509Certificate> intermediates) {
        if (anchors.isEmpty()) {
            return Optional.empty();
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(intermediates)));
            parameters.setRevocationEnabled(false);
            return Optional.of((PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static List<X509Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("carerelay.direct.trust-anchors is not a list of PEM certificates", e);
        }
    }
}
