package com.carerelay.events;

import java.util.List;
import java.util.UUID;

/**
 * Who did something: a staff member, a client, or the system itself. {@code roles} are the staff
 * member's directory roles at the moment they acted (null for clients, the system, and events
 * written before roles were carried).
 */
public record Actor(UUID id, PrincipalKind kind, String displayName, List<String> roles) {

    public Actor(UUID id, PrincipalKind kind, String displayName) {
        this(id, kind, displayName, null);
    }
}
