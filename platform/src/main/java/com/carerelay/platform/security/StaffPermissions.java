package com.carerelay.platform.security;

import com.carerelay.platform.web.ApiException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the directory, as this service's replica knows it now, grants a staff member: a permission in
 * a token issued hours ago is honoured only while the replica still grants it and the staff member is
 * active (withdrawn or deactivated: 403 within the replica's lag). Configured with
 * {@code carerelay.security.staff-table}, a replica table with {@code id, practice_id, kind, active,
 * deleted, permissions} columns. A row whose permissions are unknown (null, from before the replica
 * kept them) leaves the decision to the token until the staff member is next published.
 */
public final class StaffPermissions {

    private final JdbcTemplate jdbc;
    private final String grants;

    public StaffPermissions(JdbcTemplate jdbc, String table) {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("carerelay.security.staff-table must be a plain table name");
        }
        this.jdbc = jdbc;
        this.grants = "select not deleted and active and (permissions is null or ? = any (permissions)) from " + table
                + " where id = ? and practice_id = ? and kind = 'staff'";
    }

    public boolean grants(UUID practiceId, UUID staffId, String permission) {
        List<Boolean> granted = jdbc.query(grants, (row, i) -> row.getBoolean(1), permission, staffId, practiceId);
        return !granted.isEmpty() && granted.getFirst();
    }

    /** Refuses (403, naming the permission) unless both the caller's token and the directory grant it to a staff member. */
    public void require(Caller caller, String permission) {
        caller.require(permission);
        if (!caller.isStaff() || !grants(caller.practiceId(), caller.id(), permission)) {
            throw ApiException.forbidden("This requires the '" + permission + "' permission.");
        }
    }
}
