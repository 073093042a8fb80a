package com.carerelay.web.config;

import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** Who is signed in, from the ID token's claims: for the page's header and for choosing what to show. */
public record Viewer(UUID id, String kind, UUID tenant, String name, List<String> permissions) {

    public static final String STAFF = "KIND_staff";
    public static final String CLIENT = "KIND_client";

    public static Viewer of(Authentication authentication) {
        OidcUser user = (OidcUser) authentication.getPrincipal();
        List<String> permissions = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.contains(":")).sorted().toList();
        String tenant = user.getClaimAsString("tenant");
        return new Viewer(UUID.fromString(user.getSubject()), user.getClaimAsString("kind"),
                tenant == null ? null : UUID.fromString(tenant), user.getClaimAsString("name"), permissions);
    }

    public boolean isStaff() {
        return "staff".equals(kind);
    }

    public boolean isClient() {
        return "client".equals(kind);
    }

    public boolean can(String permission) {
        return permissions.contains(permission);
    }
}
