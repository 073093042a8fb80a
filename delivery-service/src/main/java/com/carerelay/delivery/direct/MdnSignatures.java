package com.carerelay.delivery.direct;

import jakarta.mail.internet.MimeMultipart;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.mail.smime.SMIMESigned;
import org.bouncycastle.util.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the S/MIME signature of a DIRECT delivery notification before it may change a message's
 * status: every signer's signature must verify, and the signer's certificate must be valid now and
 * chain (through certificates carried in the signature) to one of the DIRECT trust anchors
 * ({@link DirectTrust}). Without trust anchors nothing verifies. The signer's revocation (CRL, OCSP)
 * is not checked.
 */
public final class MdnSignatures {

    private static final Logger log = LoggerFactory.getLogger(MdnSignatures.class);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** What the check found: whether to believe the notification, and the words the attempt history gets. */
    public record Verdict(boolean verified, String note) {

        static Verdict unsigned() {
            return new Verdict(false, "not signed");
        }
    }

    private final DirectTrust trust;

    public MdnSignatures(DirectTrust trust) {
        this.trust = trust;
        if (!trust.configured()) {
            log.warn("No DIRECT trust anchors configured (carerelay.direct.trust-anchors): no MDN will change a status");
        }
    }

    /** The verdict on a {@code multipart/signed} notification. */
    public Verdict verify(MimeMultipart signed) {
        try {
            SMIMESigned smime = new SMIMESigned(signed);
            @SuppressWarnings("unchecked")
            Store<X509CertificateHolder> carried = smime.getCertificates();
            List<X509Certificate> certificates = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(BC);
            for (X509CertificateHolder holder : carried.getMatches(null)) {
                certificates.add(converter.getCertificate(holder));
            }
            Collection<SignerInformation> signers = smime.getSignerInfos().getSigners();
            if (signers.isEmpty()) {
                return Verdict.unsigned();
            }
            for (SignerInformation signer : signers) {
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> own = carried.getMatches(signer.getSID());
                if (own.isEmpty()) {
                    return new Verdict(false, "signed without the signer's certificate");
                }
                X509Certificate certificate = converter.getCertificate(own.iterator().next());
                if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(certificate))) {
                    return new Verdict(false, "signature does not verify");
                }
                if (trust.path(certificate, certificates).isEmpty()) {
                    return new Verdict(false, "signer's certificate does not chain to a DIRECT trust anchor or is not"
                            + " valid now");
                }
            }
            return new Verdict(true, "signature verified against the DIRECT trust anchors (revocation not checked)");
        } catch (Exception e) {
            return new Verdict(false, "signature cannot be checked (" + e.getClass().getSimpleName() + ")");
        }
    }
}
