package com.carerelay.directory.client.web;

import com.carerelay.directory.client.Client;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import java.util.UUID;

public record ClientView(UUID id, String firstName, String lastName, String preferredName, String email, String phone,
                         String timeZone, String locale, PortalStatus portalStatus, boolean emailNotifications,
                         boolean pushNotifications) {

    public static ClientView of(Client client) {
        return new ClientView(client.getId(), client.getFirstName(), client.getLastName(), client.getPreferredName(),
                client.getEmail(), client.getPhone(), client.getTimeZone(), client.getLocale(), client.getPortalStatus(),
                client.isEmailNotifications(), client.isPushNotifications());
    }
}
