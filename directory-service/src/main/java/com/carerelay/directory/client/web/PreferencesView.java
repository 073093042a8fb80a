package com.carerelay.directory.client.web;

import com.carerelay.directory.client.Client;

public record PreferencesView(boolean emailNotifications, boolean pushNotifications) {

    public static PreferencesView of(Client client) {
        return new PreferencesView(client.isEmailNotifications(), client.isPushNotifications());
    }
}
