package com.carerelay.directory.staff.web;

import com.carerelay.directory.certificate.Pem;
import com.carerelay.directory.staff.Staff;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.UUID;

/**
 * What is known about a staff member's DIRECT credentials: the address, the certificate's subject, issuer
 * and validity, and the last check's outcome with the reason to act on. Never the private key.
 */
public record DirectCredentialsView(UUID staffId, String directAddress, String subject, String issuer, Instant notBefore,
                                    Instant notAfter, boolean valid, String problem, String reason, Instant checkedAt) {

    public static DirectCredentialsView of(Staff staff) {
        X509Certificate leaf = Pem.certificates(staff.getDirectCertificatePem()).getFirst();
        return new DirectCredentialsView(staff.getId(), staff.getDirectAddress(),
                leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(),
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), staff.isDirectCredentialsValid(),
                staff.getDirectCredentialsProblem(), staff.getDirectCredentialsReason(),
                staff.getDirectCredentialsCheckedAt());
    }
}
