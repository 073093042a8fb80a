package com.carerelay.directory.recipient;

/** What a typeahead match is, in the order the compose box lists equally good matches. */
public enum RecipientKind {
    staff, group, client, direct_contact
}
