-- Creates the CareRelay databases in the docker-compose PostgreSQL.
-- The postgres image runs this once, from /docker-entrypoint-initdb.d, when its data volume is empty;
-- to run it again, remove the volume (docker compose down -v).
--
-- One database per service (no service reads another's), all owned by the non-superuser
-- application role carerelay/carerelay. Each service's Flyway migrations create its tables.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'carerelay') THEN
    CREATE ROLE carerelay WITH LOGIN PASSWORD 'carerelay';
  END IF;
  -- audit-service's migration V5 creates its service role (carerelay_audit_app: read and append the log
  -- only), so the owner may create roles. On a volume made before this line: ALTER ROLE carerelay CREATEROLE.
  ALTER ROLE carerelay CREATEROLE;
END
$$;

CREATE DATABASE directory OWNER carerelay;
CREATE DATABASE messaging OWNER carerelay;
CREATE DATABASE delivery OWNER carerelay;
CREATE DATABASE audit OWNER carerelay;

REVOKE ALL ON DATABASE directory FROM PUBLIC;
REVOKE ALL ON DATABASE messaging FROM PUBLIC;
REVOKE ALL ON DATABASE delivery FROM PUBLIC;
REVOKE ALL ON DATABASE audit FROM PUBLIC;
