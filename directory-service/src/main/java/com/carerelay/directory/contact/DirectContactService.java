package com.carerelay.directory.contact;

import com.carerelay.directory.certificate.DirectAddress;
import com.carerelay.directory.certificate.DirectCertificates;
import com.carerelay.directory.certificate.Pem;
import com.carerelay.platform.security.Caller;
import com.carerelay.directory.config.DirectoryEvents;
import com.carerelay.directory.contact.web.DirectContactRequest;
import com.carerelay.directory.recipient.RecipientIndex;
import com.carerelay.platform.web.ApiException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Contacts module: DIRECT contacts of a practice. Staff read them; directory admins create, change and
 * delete them. The certificate is checked on every save (valid now, usable for encryption, chains to a
 * trust anchor, issued for the address or its domain); a certificate that fails is refused, naming why.
 */
@Service
public class DirectContactService {

    static final String ADMIN = "directory:admin";

    private final DirectContactRepository contacts;
    private final DirectCertificates certificates;
    private final DirectoryEvents events;
    private final RecipientIndex index;
    private final Clock clock;

    public DirectContactService(DirectContactRepository contacts, DirectCertificates certificates,
                                DirectoryEvents events, RecipientIndex index, Clock clock) {
        this.contacts = contacts;
        this.certificates = certificates;
        this.events = events;
        this.index = index;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<DirectContact> list(Caller caller, int page, int size) {
        caller.requireStaff();
        return contacts.findByPracticeId(caller.practiceId(), PageRequest.of(page, size, Sort.by("name", "directAddress")));
    }

    @Transactional(readOnly = true)
    public DirectContact get(Caller caller, UUID id) {
        caller.requireStaff();
        return find(caller, id);
    }

    @Transactional
    public DirectContact create(Caller caller, DirectContactRequest request) {
        caller.require(ADMIN);
        return save(caller.practiceId(), new DirectContact(UUID.randomUUID(), caller.practiceId()), request);
    }

    @Transactional
    public DirectContact update(Caller caller, UUID id, DirectContactRequest request) {
        caller.require(ADMIN);
        return save(caller.practiceId(), find(caller, id), request);
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        caller.require(ADMIN);
        DirectContact contact = find(caller, id);
        contact.markDeleted();
        events.deleted(contact);
        index.remove(contact.getId());
        contacts.delete(contact);
    }

    /** Creates or updates a contact in a practice after checking its address and certificate. */
    @Transactional
    public DirectContact save(UUID practiceId, DirectContact contact, DirectContactRequest request) {
        String address = request.directAddress().trim();
        if (!DirectAddress.isValid(address)) {
            throw ApiException.badField("directAddress", "directAddress: '" + address + "' is not a DIRECT address"
                    + " (name@direct.example.org).");
        }
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(request.certificatePem());
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("certificatePem", "certificatePem: " + e.getMessage() + ".");
        }
        DirectCertificates.Check check = certificates.encryption(chain, address, clock.instant());
        if (!check.valid()) {
            throw ApiException.badField("certificatePem", "certificatePem: " + check.reason());
        }
        if (contacts.existsByPracticeIdAndDirectAddressIgnoreCaseAndIdNot(practiceId, address, contact.getId())) {
            throw new ApiException(HttpStatus.CONFLICT, "directAddress",
                    "directAddress: another DIRECT contact already uses " + address + ".");
        }
        String organization = request.organization() == null || request.organization().isBlank()
                ? null : request.organization().trim();
        contact.update(request.name().trim(), organization, address, Pem.encode(chain),
                chain.getFirst().getNotAfter().toInstant(), request.statusOrDefault());
        DirectContact saved = contacts.saveAndFlush(contact);
        index.put(RecipientIndex.Entry.directContact(saved.getId(), practiceId, saved.getName(), saved.getOrganization(),
                saved.getDirectAddress()), saved.isActive());
        events.changed(saved);
        return saved;
    }

    private DirectContact find(Caller caller, UUID id) {
        return contacts.findByIdAndPracticeId(id, caller.practiceId())
                .orElseThrow(() -> ApiException.notFound("DIRECT contact " + id));
    }
}
