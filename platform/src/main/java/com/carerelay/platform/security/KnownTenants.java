package com.carerelay.platform.security;

import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a token's {@code tenant} is a practice this service knows (its own table or its replica of
 * the directory): a token for a practice that does not exist is refused with 401. Configured with
 * {@code carerelay.security.tenant-table} (a table whose {@code id} column holds practice ids); a
 * service without one does not check. The answer is needed once per token: verified tokens are
 * cached ({@link CachingJwtDecoder}).
 */
public final class KnownTenants {

    private final JdbcTemplate jdbc;
    private final String exists;

    public KnownTenants(JdbcTemplate jdbc, String table) {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("carerelay.security.tenant-table must be a plain table name");
        }
        this.jdbc = jdbc;
        this.exists = "select exists (select 1 from " + table + " where id = ?)";
    }

    /**
     * True when the practice exists, and also when the database cannot be asked: the request then needs
     * that database anyway and answers 503 there, rather than 401 here for a valid token.
     */
    public boolean isKnown(UUID tenant) {
        try {
            return Boolean.TRUE.equals(jdbc.queryForObject(exists, Boolean.class, tenant));
        } catch (DataAccessException unreachable) {
            return true;
        }
    }
}
