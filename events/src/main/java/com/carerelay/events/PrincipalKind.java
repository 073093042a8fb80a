package com.carerelay.events;

/** The kind of principal a token, an actor or a recipient stands for. */
public enum PrincipalKind {
    staff, client, direct_contact, system
}
