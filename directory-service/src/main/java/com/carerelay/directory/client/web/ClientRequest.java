package com.carerelay.directory.client.web;

import com.carerelay.events.DirectoryChanged.PortalStatus;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Create or replace a client. */
public record ClientRequest(
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @Size(max = 100) String preferredName,
        @Email @Size(max = 254) String email,
        @Pattern(regexp = "^\\+?[0-9 ().-]{7,20}$", message = "must be a phone number") String phone,
        @Size(max = 64) String timeZone,
        @Size(max = 35) String locale,
        PortalStatus portalStatus,
        Boolean emailNotifications,
        Boolean pushNotifications) {

    public String timeZoneOrDefault() {
        return timeZone == null ? "America/New_York" : timeZone;
    }

    public String localeOrDefault() {
        return locale == null ? "en-US" : locale;
    }

    public PortalStatus portalStatusOrDefault() {
        return portalStatus == null ? PortalStatus.not_invited : portalStatus;
    }

    public boolean emailNotificationsOrDefault() {
        return emailNotifications == null || emailNotifications;
    }
}
