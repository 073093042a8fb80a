package com.carerelay.platform.security;

import com.carerelay.events.PrincipalKind;
import com.carerelay.platform.web.ApiException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;

/** The authenticated caller, from the JWT: subject, principal kind, tenant (practice), permissions and display name. */
public record Caller(UUID id, PrincipalKind kind, UUID practiceId, Set<String> permissions, String name) {

    public static Caller from(Jwt jwt) {
        List<String> permissions = jwt.getClaimAsStringList("permissions");
        return new Caller(UUID.fromString(jwt.getSubject()), PrincipalKind.valueOf(jwt.getClaimAsString("kind")),
                UUID.fromString(jwt.getClaimAsString("tenant")), permissions == null ? Set.of() : Set.copyOf(permissions),
                jwt.getClaimAsString("name"));
    }

    public boolean isStaff() {
        return kind == PrincipalKind.staff;
    }

    /** Refuses with 403 unless the caller is a staff member. */
    public void requireStaff() {
        if (!isStaff()) {
            throw ApiException.forbidden("Only staff can do this.");
        }
    }

    /** Refuses with 403 naming the permission when the caller lacks it. */
    public void require(String permission) {
        if (!permissions.contains(permission)) {
            throw ApiException.forbidden("This requires the '" + permission + "' permission.");
        }
    }
}
