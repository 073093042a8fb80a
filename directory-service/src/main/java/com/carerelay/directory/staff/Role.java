package com.carerelay.directory.staff;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Roles a practice gives its staff, and the permissions each grants. {@code directory:read-clients} (list and
 * read clients: names, portal status, time zone, locale) goes to the roles that message clients and to
 * compliance, who open a client's activity log; their contact details stay with {@code directory:admin}.
 */
public enum Role {
    admin(List.of("message:send", "message:send-client", "message:send-direct", "audit:read", "directory:admin",
            "directory:read-clients", "delivery:redrive")),
    clinician(List.of("message:send", "message:send-client", "message:send-direct", "directory:read-clients")),
    front_desk(List.of("message:send", "message:send-client", "directory:read-clients")),
    compliance(List.of("audit:read", "directory:read-clients")),
    staff(List.of());

    private final List<String> permissions;

    Role(List<String> permissions) {
        this.permissions = permissions;
    }

    public static List<String> permissionsOf(Collection<Role> roles) {
        TreeSet<String> granted = new TreeSet<>();
        roles.forEach(role -> granted.addAll(role.permissions));
        return List.copyOf(granted);
    }
}
