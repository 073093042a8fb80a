package com.carerelay.directory.staff.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A staff member's DIRECT address with their signing certificate and private key: either {@code pkcs12}
 * (base64 of a .p12/.pfx file) with its {@code password}, or {@code certificatePem} (the certificate,
 * then any intermediates) with {@code privateKeyPem} ({@code password} opens an encrypted key).
 */
public record DirectCredentialsRequest(
        @NotBlank @Size(max = 254) String directAddress,
        @Size(max = 200_000) String pkcs12,
        @Size(max = 1_000) String password,
        @Size(max = 100_000) String certificatePem,
        @Size(max = 100_000) String privateKeyPem) {
}
