package com.carerelay.directory.staff;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Roles a practice gives its staff, and the permissions each grants. */
public enum Role {
    admin(List.of("message:send", "message:send-client", "message:send-direct", "audit:read", "directory:admin",
            "delivery:redrive")),
    clinician(List.of("message:send", "message:send-client", "message:send-direct")),
    front_desk(List.of("message:send", "message:send-client")),
    compliance(List.of("audit:read")),
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
