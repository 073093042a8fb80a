package com.carerelay.events;

import java.util.UUID;

/** Who did something: a staff member, a client, or the system itself. */
public record Actor(UUID id, PrincipalKind kind, String displayName) {
}
