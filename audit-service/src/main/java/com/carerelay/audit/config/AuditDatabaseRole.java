package com.carerelay.audit.config;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refuses to run the service as a database role that could rewrite the log: a superuser, the owner of
 * {@code audit_entry} (or a member of it, who could switch the append-only trigger off), or a role with
 * UPDATE, DELETE or TRUNCATE on it. Migrations run as the owner ({@code spring.flyway.user}); the
 * service's own role ({@code spring.datasource.username}) only reads and appends. Only a development
 * setup may use one role for both ({@code carerelay.audit.database.allow-owner-role}, on with
 * {@code carerelay.secrets.allow-development-keys}): then it warns.
 */
@Component
public class AuditDatabaseRole implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(AuditDatabaseRole.class);

    private static final String CHECK = """
            select r.rolname, r.rolsuper, r.rolbypassrls,
                   pg_has_role(current_user, c.relowner, 'MEMBER') as owner,
                   has_table_privilege(c.oid, 'UPDATE') as may_update,
                   has_table_privilege(c.oid, 'DELETE') as may_delete,
                   has_table_privilege(c.oid, 'TRUNCATE') as may_truncate
            from pg_roles r, pg_class c
            where r.rolname = current_user and c.oid = 'audit_entry'::regclass""";

    private final JdbcTemplate jdbc;
    private final boolean allowOwnerRole;

    public AuditDatabaseRole(JdbcTemplate jdbc, @Value("${carerelay.audit.database.allow-owner-role:false}") boolean allowOwnerRole) {
        this.jdbc = jdbc;
        this.allowOwnerRole = allowOwnerRole;
    }

    /** What the service's role could do to the log that it must not; empty when it may only read and append. */
    public List<String> excessPowers() {
        return jdbc.query(CHECK, rows -> {
            List<String> powers = new ArrayList<>();
            if (!rows.next()) {
                powers.add("it cannot be checked (no role or no audit_entry)");
                return powers;
            }
            String role = rows.getString("rolname");
            if (rows.getBoolean("rolsuper")) {
                powers.add(role + " is a superuser");
            }
            if (rows.getBoolean("owner")) {
                powers.add(role + " owns audit_entry (or may act as its owner) and could disable its append-only trigger");
            }
            for (String privilege : List.of("update", "delete", "truncate")) {
                if (rows.getBoolean("may_" + privilege)) {
                    powers.add(role + " may " + privilege.toUpperCase() + " audit_entry");
                }
            }
            return powers;
        });
    }

    /** Checked once the migrations have run (the JdbcTemplate waits for them), before any consumer starts. */
    @Override
    public void afterPropertiesSet() {
        List<String> powers = excessPowers();
        if (powers.isEmpty()) {
            return;
        }
        String problem = "audit-service's database role could rewrite the activity log: " + String.join("; ", powers)
                + ". Run migrations as the owner (DB_OWNER_USER) and the service as its own role (DB_USER), see audit-service/README.md";
        if (!allowOwnerRole) {
            throw new IllegalStateException("Refusing to start: " + problem);
        }
        log.warn("{} (allowed here: carerelay.audit.database.allow-owner-role, development only)", problem);
    }
}
