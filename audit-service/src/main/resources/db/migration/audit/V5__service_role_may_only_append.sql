-- Issue #16.2: the service cannot rewrite its own log. Migrations run as the owner role
-- (spring.flyway.user, DB_OWNER_USER), which owns every table; the service runs as another role
-- (spring.datasource.username, DB_USER: placeholder service_role) that may only read and append
-- audit_entry: no UPDATE, DELETE or TRUNCATE, and, not being the owner, no ALTER TABLE (so it cannot
-- switch the append-only trigger off) and no GRANT.
--
-- The service role is created here (LOGIN, no other attribute, password = placeholder
-- service_role_password) when it does not exist yet, which needs CREATEROLE for the owner; ops who do
-- not give the owner CREATEROLE create it beforehand (CREATE ROLE ... LOGIN PASSWORD ...) and this
-- migration only grants. When both are one role (a development setup) nothing is granted and the
-- service refuses to start unless carerelay.audit.database.allow-owner-role is on (AuditDatabaseRole).
do $$
declare
    service_role     text := '${service_role}';
    service_password text := '${service_role_password}';
    schema_name      text := current_schema();
begin
    if service_role = current_user then
        raise warning 'audit-service runs as % which owns its tables: it could rewrite the log. Give it its own role (DB_USER) apart from the owner (DB_OWNER_USER).', service_role;
        return;
    end if;
    if not exists (select from pg_roles where rolname = service_role) then
        if service_password = '' then
            raise exception 'role % does not exist: create it (LOGIN, no other attribute) or set its password so this migration creates it', service_role;
        end if;
        begin
            execute format('create role %I login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls password %L',
                           service_role, service_password);
        exception when insufficient_privilege then
            raise exception 'role % does not exist and % may not create it: create it beforehand (CREATE ROLE % LOGIN PASSWORD ...) or give % CREATEROLE',
                service_role, current_user, service_role, current_user;
        end;
    end if;
    if pg_has_role(service_role, current_user, 'MEMBER') then
        raise exception 'role % is a member of the owner role %: it could act as the owner and rewrite the log', service_role, current_user;
    end if;

    execute format('grant connect on database %I to %I', current_database(), service_role);
    execute format('grant usage on schema %I to %I', schema_name, service_role);
    execute format('revoke all on all tables in schema %I from %I', schema_name, service_role);
    execute format('revoke all on all sequences in schema %I from %I', schema_name, service_role);

    -- the log: read and append only
    execute format('grant select, insert on audit_entry to %I', service_role);
    -- the chain heads move with every append; the directory replica is upserted
    execute format('grant select, insert, update on chain_head, directory_person to %I', service_role);
    -- written once, read by the completeness check and the consumers' idempotency
    execute format('grant select, insert on event_seen, processed_event to %I', service_role);
    -- platform's shared migration (V1000) may already have created it; a fresh database creates it after
    -- this one and the default privileges below cover it
    if to_regclass('dead_letter_redrive') is not null then
        execute format('grant select, insert on dead_letter_redrive to %I', service_role);
    end if;
    -- nextval for the entry ids (USAGE); not UPDATE, which would allow setval
    execute format('grant usage on all sequences in schema %I to %I', schema_name, service_role);

    -- Tables and sequences the owner creates later (later migrations, the platform's) get the same
    -- minimum: read and append. A migration whose table the service must update or delete grants that itself.
    execute format('alter default privileges in schema %I grant select, insert on tables to %I', schema_name, service_role);
    execute format('alter default privileges in schema %I grant usage on sequences to %I', schema_name, service_role);
end
$$;
