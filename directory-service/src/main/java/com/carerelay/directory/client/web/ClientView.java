package com.carerelay.directory.client.web;

import com.carerelay.directory.client.Client;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

/**
 * A client as the caller may see them. Contact details and notification preferences go only to directory
 * admins and the client themselves; other staff (directory:read-clients) get them as null, and keep what
 * addressing a client needs: id, names, portal status, time zone and locale.
 */
@Schema(description = "A client. email, phone, emailNotifications and pushNotifications are null unless the caller"
        + " is a directory admin (directory:admin) or the client themselves (minimum necessary).")
public record ClientView(UUID id, String firstName, String lastName, String preferredName,
                         @Schema(description = "Directory admins and the client only; otherwise null.") String email,
                         @Schema(description = "Directory admins and the client only; otherwise null.") String phone,
                         String timeZone, String locale, PortalStatus portalStatus,
                         @Schema(description = "Directory admins and the client only; otherwise null.")
                         Boolean emailNotifications,
                         @Schema(description = "Directory admins and the client only; otherwise null.")
                         Boolean pushNotifications) {

    /** The whole record: for directory admins and the client themselves. */
    public static ClientView of(Client client) {
        return new ClientView(client.getId(), client.getFirstName(), client.getLastName(), client.getPreferredName(),
                client.getEmail(), client.getPhone(), client.getTimeZone(), client.getLocale(), client.getPortalStatus(),
                client.isEmailNotifications(), client.isPushNotifications());
    }

    /** Without contact details and notification preferences: for other staff who may read clients. */
    public static ClientView addressOnly(Client client) {
        return new ClientView(client.getId(), client.getFirstName(), client.getLastName(), client.getPreferredName(),
                null, null, client.getTimeZone(), client.getLocale(), client.getPortalStatus(), null, null);
    }

    /** What this caller may see of the client. */
    public static ClientView of(Client client, boolean contactDetails) {
        return contactDetails ? of(client) : addressOnly(client);
    }
}
