package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.delivery.direct.DirectProperties;
import com.carerelay.delivery.direct.DirectTrust;
import com.carerelay.delivery.direct.RecipientRevocation;
import com.carerelay.delivery.direct.RecipientRevocation.Mode;
import com.carerelay.delivery.direct.RecipientRevocation.Verdict;
import com.carerelay.delivery.direct.RecipientRevocation.Verdict.Outcome;
import com.carerelay.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What each revocation mode does with each outcome, against a real CRL served over HTTP ({@link DirectPeers}). */
class RecipientRevocationTest {

    final DirectTrust trust = new DirectTrust(TestPki.TRUSTED_CA.certificatePem());

    @Test
    void softFailRefusesOnlyARevokedCertificateAndNotesWhatItCouldNotCheck() {
        X509Certificate revoked = identity(DirectPeers.get().crlUrl());
        DirectPeers.get().revoke(revoked);

        assertThat(check(Mode.SOFT_FAIL, trust, revoked).outcome()).isEqualTo(Outcome.fail);
        Verdict unreachable = check(Mode.SOFT_FAIL, trust, identity("http://127.0.0.1:9/ca.crl"));
        assertThat(unreachable.outcome()).isEqualTo(Outcome.send);
        assertThat(unreachable.note()).startsWith("recipient's certificate revocation not checked (soft-fail): the DIRECT"
                + " contact's certificate revocation list could not be downloaded");
        Verdict untrusted = check(Mode.SOFT_FAIL, new DirectTrust(null), identity(DirectPeers.get().crlUrl()));
        assertThat(untrusted.outcome()).isEqualTo(Outcome.send);
        assertThat(untrusted.note()).contains("does not chain to a DIRECT trust anchor");
    }

    @Test
    void failClosedRefusesACertificateOutsideTheTrustAnchorsOrWithoutACrl() {
        X509Certificate foreign = TestPki.directIdentity(TestPki.UNTRUSTED_CA, "ada@direct.elsewhere.test",
                DirectPeers.get().crlUrl()).certificate();
        X509Certificate withoutCrl = TestPki.directIdentity(TestPki.TRUSTED_CA, "ada@direct.elsewhere.test").certificate();

        assertThat(check(Mode.FAIL_CLOSED, trust, foreign)).isEqualTo(new Verdict(Outcome.fail,
                "the DIRECT contact's certificate does not chain to a DIRECT trust anchor or is not valid now"));
        assertThat(check(Mode.FAIL_CLOSED, trust, withoutCrl)).isEqualTo(new Verdict(Outcome.fail,
                "the DIRECT contact's certificate names no http CRL distribution point"));
        assertThat(check(Mode.FAIL_CLOSED, trust, identity("http://127.0.0.1:9/ca.crl")).outcome()).isEqualTo(Outcome.retry);
        assertThat(check(Mode.FAIL_CLOSED, trust, identity(DirectPeers.get().crlUrl()))).isEqualTo(new Verdict(
                Outcome.send, "recipient's certificate checked against its CA's CRL: not revoked"));
    }

    @Test
    void offChecksNothing() {
        X509Certificate revoked = identity(DirectPeers.get().crlUrl());
        DirectPeers.get().revoke(revoked);

        assertThat(check(Mode.OFF, trust, revoked).outcome()).isEqualTo(Outcome.send);
    }

    private static X509Certificate identity(String crlUrl) {
        return TestPki.directIdentity(TestPki.TRUSTED_CA, "ada@direct.elsewhere.test", crlUrl).certificate();
    }

    private static Verdict check(Mode mode, DirectTrust trust, X509Certificate certificate) {
        return new RecipientRevocation(trust, new DirectProperties.Revocation(mode, Duration.ofSeconds(2),
                DataSize.ofMegabytes(1), Duration.ofMinutes(10)), Clock.systemUTC()).check(certificate);
    }
}
