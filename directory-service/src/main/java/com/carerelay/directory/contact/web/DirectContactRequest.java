package com.carerelay.directory.contact.web;

import com.carerelay.directory.contact.DirectContact;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Create or replace a DIRECT contact; the certificate is PEM (the contact's certificate, then any intermediates). */
public record DirectContactRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 200) String organization,
        @NotBlank @Size(max = 254) String directAddress,
        @NotBlank @Size(max = 100_000) String certificatePem,
        DirectContact.Status status) {

    public DirectContact.Status statusOrDefault() {
        return status == null ? DirectContact.Status.active : status;
    }
}
