package com.carerelay.directory.client.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A browser's {@code PushSubscription.toJSON()}: the push service endpoint and its keys (base64url). */
public record PushSubscriptionRequest(
        @NotBlank @Size(max = 2048) String endpoint,
        Long expirationTime,
        @NotNull @Valid Keys keys) {

    public record Keys(@NotBlank @Size(max = 200) String p256dh, @NotBlank @Size(max = 100) String auth) {
    }
}
