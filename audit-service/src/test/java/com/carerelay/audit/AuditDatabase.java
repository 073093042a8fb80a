package com.carerelay.audit;

import com.carerelay.testing.RealServers;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The audit database on the shared test PostgreSQL with the roles production has: {@link #OWNER}, a
 * non-superuser that owns the database and runs the migrations (with CREATEROLE, so migration V5 creates
 * the service role), and {@link #SERVICE}, the role the service runs as. {@link #superuser()} is the
 * server's superuser, for what only a DBA could do.
 */
final class AuditDatabase {

    static final String OWNER = "carerelay_audit_owner_test";
    static final String SERVICE = "carerelay_audit_app_test";
    static final String PASSWORD = "test-only";

    private static String url;

    private AuditDatabase() {
    }

    /** The database's URL (no user in it); creates the database and the owner role on first use. */
    static synchronized String url() {
        if (url == null) {
            RealServers.database("audit");
            JdbcTemplate postgres = new JdbcTemplate(RealServers.postgres().getPostgresDatabase());
            if (postgres.queryForList("select 1 from pg_roles where rolname = ?", OWNER).isEmpty()) {
                postgres.execute("create role " + OWNER + " login createrole password '" + PASSWORD + "'");
            }
            postgres.execute("alter database audit owner to " + OWNER);
            url = "jdbc:postgresql://localhost:" + RealServers.postgres().getPort() + "/audit";
        }
        return url;
    }

    static JdbcTemplate superuser() {
        return as("postgres", "postgres");
    }

    static JdbcTemplate owner() {
        return as(OWNER, PASSWORD);
    }

    static JdbcTemplate service() {
        return as(SERVICE, PASSWORD);
    }

    private static JdbcTemplate as(String user, String password) {
        DataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url(), user, password);
        return new JdbcTemplate(dataSource);
    }
}
