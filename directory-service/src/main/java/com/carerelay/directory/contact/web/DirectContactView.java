package com.carerelay.directory.contact.web;

import com.carerelay.directory.contact.DirectContact;
import java.time.Instant;
import java.util.UUID;

public record DirectContactView(UUID id, String name, String organization, String directAddress, String certificatePem,
                                Instant certificateNotAfter, DirectContact.Status status) {

    public static DirectContactView of(DirectContact contact) {
        return new DirectContactView(contact.getId(), contact.getName(), contact.getOrganization(),
                contact.getDirectAddress(), contact.getCertificatePem(), contact.getCertificateNotAfter(),
                contact.getStatus());
    }
}
