package com.carerelay.directory.staff;

import com.carerelay.directory.certificate.DirectAddress;
import com.carerelay.directory.certificate.DirectCertificates;
import com.carerelay.directory.certificate.Pem;
import com.carerelay.platform.security.Caller;
import com.carerelay.directory.config.DirectoryEvents;
import com.carerelay.directory.config.SecretBox;
import com.carerelay.directory.staff.web.DirectCredentialsRequest;
import com.carerelay.platform.web.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A staff member's DIRECT address and signing credentials: upload (PKCS#12 with its password, or PEM
 * certificate chain and private key), the check that decides whether they may send over DIRECT, and
 * removal. The private key is sealed at rest ({@link SecretBox}) and never leaves this service through
 * the API. Only a directory admin or the staff member themselves may see or change them.
 */
@Service
public class DirectCredentialsService {

    private static final Logger log = LoggerFactory.getLogger(DirectCredentialsService.class);

    private final StaffRepository staff;
    private final StaffService staffService;
    private final DirectCertificates certificates;
    private final SecretBox box;
    private final DirectoryEvents events;
    private final Clock clock;

    public DirectCredentialsService(StaffRepository staff, StaffService staffService, DirectCertificates certificates,
                                    SecretBox box, DirectoryEvents events, Clock clock) {
        this.staff = staff;
        this.staffService = staffService;
        this.certificates = certificates;
        this.box = box;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Staff get(Caller caller, UUID staffId) {
        Staff member = findAllowed(caller, staffId);
        if (!member.hasDirectCredentials()) {
            throw ApiException.notFound("DIRECT credentials of staff member " + staffId);
        }
        return member;
    }

    /** Stores new credentials and checks them at once; the answer says whether they are valid and why not. */
    @Transactional
    public Staff upload(Caller caller, UUID staffId, DirectCredentialsRequest request) {
        Staff member = findAllowed(caller, staffId);
        String address = request.directAddress().trim();
        if (!DirectAddress.isValid(address)) {
            throw ApiException.badField("directAddress", "directAddress: '" + address + "' is not a DIRECT address"
                    + " (name@direct.example.org).");
        }
        if (staff.existsByPracticeIdAndDirectAddressIgnoreCaseAndIdNot(member.getPracticeId(), address, staffId)) {
            throw new ApiException(HttpStatus.CONFLICT, "directAddress",
                    "directAddress: another staff member already uses " + address + ".");
        }
        Credentials credentials = read(request);
        member.replaceDirectCredentials(address, Pem.encode(credentials.chain()),
                box.seal(Pem.encode(List.of(credentials.key())), staffId.toString()));
        return check(member, credentials);
    }

    /** Checks the stored credentials again (they may have expired, or the trust anchors changed). */
    @Transactional
    public Staff validate(Caller caller, UUID staffId) {
        Staff member = get(caller, staffId);
        return check(member, stored(member));
    }

    /**
     * Checks every stored credential that is valid today again, so a certificate that expires (or
     * whose trust anchor is removed) turns invalid without anyone asking: the compose box then says so
     * and delivery stops signing with it. Publishes a change only where validity changed. Runs every
     * {@code carerelay.direct.revalidate-every} (ISO-8601, default hourly) on each instance; a second
     * instance finds nothing left to change.
     *
     * @return how many credentials turned invalid
     */
    @Scheduled(fixedDelayString = "${carerelay.direct.revalidate-every:PT1H}",
            initialDelayString = "${carerelay.direct.revalidate-every:PT1H}")
    @Transactional
    public int revalidateAll() {
        int turnedInvalid = 0;
        for (Staff member : staff.findByDirectCredentialsValidTrue()) {
            DirectCertificates.Check check;
            try {
                check = signing(member, stored(member));
            } catch (RuntimeException unreadable) {
                log.warn("DIRECT credentials of staff member {} could not be read for revalidation", member.getId(), unreadable);
                continue;
            }
            if (!check.valid()) {
                record(member, check);
                turnedInvalid++;
            }
        }
        return turnedInvalid;
    }

    @Transactional
    public void remove(Caller caller, UUID staffId) {
        Staff member = get(caller, staffId);
        member.removeDirectCredentials();
        staff.saveAndFlush(member);
        events.changed(member);
    }

    private Staff check(Staff member, Credentials credentials) {
        return record(member, signing(member, credentials));
    }

    private DirectCertificates.Check signing(Staff member, Credentials credentials) {
        return certificates.signing(credentials.chain(), credentials.key(), member.getDirectAddress(), clock.instant());
    }

    /** Stores the outcome with its reason and publishes the staff member. */
    private Staff record(Staff member, DirectCertificates.Check check) {
        member.directCredentialsChecked(check.valid(), check.problem() == null ? null : check.problem().name(),
                check.reason(), clock.instant());
        Staff saved = staff.saveAndFlush(member);
        events.changed(saved);
        return saved;
    }

    private Credentials stored(Staff member) {
        PrivateKey key = Pem.privateKey(box.openString(member.getDirectPrivateKey(), member.getId().toString()), null);
        return new Credentials(Pem.certificates(member.getDirectCertificatePem()), key);
    }

    private record Credentials(List<X509Certificate> chain, PrivateKey key) {
    }

    private static Credentials read(DirectCredentialsRequest request) {
        boolean hasPkcs12 = request.pkcs12() != null && !request.pkcs12().isBlank();
        boolean hasPem = request.certificatePem() != null && !request.certificatePem().isBlank();
        if (hasPkcs12 == hasPem) {
            throw ApiException.badField("pkcs12", "pkcs12: send either pkcs12 (base64 of a .p12/.pfx file, with its"
                    + " password) or certificatePem with privateKeyPem.");
        }
        char[] password = request.password() == null ? new char[0] : request.password().toCharArray();
        return hasPkcs12 ? readPkcs12(request.pkcs12(), password) : readPem(request, password);
    }

    private static Credentials readPem(DirectCredentialsRequest request, char[] password) {
        if (request.privateKeyPem() == null || request.privateKeyPem().isBlank()) {
            throw ApiException.badField("privateKeyPem", "privateKeyPem: the private key is required with certificatePem.");
        }
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(request.certificatePem());
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("certificatePem", "certificatePem: " + e.getMessage() + ".");
        }
        try {
            return new Credentials(chain, Pem.privateKey(request.privateKeyPem(), password));
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("privateKeyPem", "privateKeyPem: " + e.getMessage() + ".");
        }
    }

    private static Credentials readPkcs12(String base64, char[] password) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("pkcs12", "pkcs12: is not base64.");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase().contains("password");
            throw wrongPassword
                    ? ApiException.badField("password", "password: does not open this PKCS#12 file.")
                    : ApiException.badField("pkcs12", "pkcs12: is not a PKCS#12 (.p12/.pfx) file.");
        } catch (GeneralSecurityException e) {
            throw ApiException.badField("pkcs12", "pkcs12: is not a readable PKCS#12 (.p12/.pfx) file.");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password);
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                        return new Credentials(Arrays.stream(chain).map(X509Certificate.class::cast).toList(), privateKey);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw ApiException.badField("password", "password: does not open the private key in this PKCS#12 file.");
        }
        throw ApiException.badField("pkcs12", "pkcs12: holds no private key with its certificate.");
    }

    private Staff findAllowed(Caller caller, UUID staffId) {
        caller.requireStaff();
        Staff member = staffService.find(caller, staffId);
        if (!caller.id().equals(staffId)) {
            caller.require(StaffService.ADMIN);
        }
        return member;
    }
}
