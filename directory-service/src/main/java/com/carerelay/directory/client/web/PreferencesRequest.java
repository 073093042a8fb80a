package com.carerelay.directory.client.web;

import jakarta.validation.constraints.NotNull;

/** A client's notification preferences per channel. */
public record PreferencesRequest(@NotNull Boolean emailNotifications, @NotNull Boolean pushNotifications) {
}
