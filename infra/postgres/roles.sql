-- Cutover's database roles and their per-role settings. Idempotent: run it again after any change.
--
--   psql "postgresql://admin@host:5432/cutover" -v ON_ERROR_STOP=1 -f infra/postgres/roles.sql \
--        [-v prefix=cutover] [-v app_password=...] [-v migrator_password=...] [-v readonly_password=...] \
--        [-v monitor_password=...]
--
-- Run it as a superuser (or a role with CREATEROLE that is a member of the roles it grants) in the application's
-- database. It creates four LOGIN roles, <prefix>_app, <prefix>_migrator, <prefix>_readonly, <prefix>_monitor;
-- passwords are set only when given (take them from your secret store, never commit them).
--
-- Ownership: the migrator owns the schema objects (it creates them through `cutover migrate`), the app reads and
-- writes rows and has no DDL right, so a bug or an injection in the service cannot take an ACCESS EXCLUSIVE lock.

\set ON_ERROR_STOP on
-- A second run is quiet: "already a member", "already exists" notices are the idempotence working.
SET client_min_messages = warning;
\if :{?prefix}
\else
  \set prefix cutover
\endif

\set app_role :prefix _app
\set migrator_role :prefix _migrator
\set readonly_role :prefix _readonly
\set monitor_role :prefix _monitor

-- DO blocks cannot see psql variables: hand the prefix over through a session setting.
SELECT set_config('cutover_roles.prefix', :'prefix', false) AS prefix \gset

DO $roles$
DECLARE
  prefix text := current_setting('cutover_roles.prefix');
  suffix text;
BEGIN
  IF prefix !~ '^[a-z_][a-z0-9_]*$' THEN
    RAISE EXCEPTION 'prefix % must be a lower-case identifier', prefix;
  END IF;
  FOREACH suffix IN ARRAY ARRAY['app', 'migrator', 'readonly', 'monitor'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = prefix || '_' || suffix) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', prefix || '_' || suffix);
    END IF;
    -- Whatever the role was before: it logs in, and cannot create roles or databases.
    EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
                   prefix || '_' || suffix);
  END LOOP;
END
$roles$;

-- Per-role settings (ALTER ROLE ... SET is idempotent: it replaces the value). They apply to new sessions.

-- The service (API and backfill workers). A request that runs 10 s has failed anyway; a transaction left open
-- by a bug or a stalled client must not hold row locks and the xmin horizon (vacuum) for long; and a request
-- must not queue for long behind a migration's lock (the migration's own lock_timeout keeps that rare).
ALTER ROLE :"app_role" SET statement_timeout = '10s';
ALTER ROLE :"app_role" SET lock_timeout = '2s';
ALTER ROLE :"app_role" SET idle_in_transaction_session_timeout = '30s';

-- The migrations, run by `cutover migrate`, which sets its own lock_timeout and statement_timeout per attempt;
-- these are the backstop for a session opened by hand as the migrator: the same short lock wait as the guard
-- (the incident: an ALTER queued behind a long query and everything queued behind the ALTER), long statements
-- (index builds), and plenty of memory for index builds and VALIDATE.
ALTER ROLE :"migrator_role" SET lock_timeout = '100ms';
ALTER ROLE :"migrator_role" SET statement_timeout = '15min';
ALTER ROLE :"migrator_role" SET idle_in_transaction_session_timeout = '60s';
ALTER ROLE :"migrator_role" SET maintenance_work_mem = '1GB';

-- Analysts and support: read-only by default, and never the long open transaction that holds back vacuum.
ALTER ROLE :"readonly_role" SET default_transaction_read_only = on;
ALTER ROLE :"readonly_role" SET statement_timeout = '60s';
ALTER ROLE :"readonly_role" SET lock_timeout = '1s';
ALTER ROLE :"readonly_role" SET idle_in_transaction_session_timeout = '60s';

-- postgres_exporter: its queries are cheap, and a scrape that hangs is worse than a missing sample.
ALTER ROLE :"monitor_role" SET statement_timeout = '5s';
ALTER ROLE :"monitor_role" SET lock_timeout = '1s';

-- The migrator sees other sessions' queries (the guard's blocker report names them) and may cancel them
-- (`--blockers cancel`); the monitor reads the statistics views.
GRANT pg_read_all_stats, pg_signal_backend TO :"migrator_role";
GRANT pg_monitor TO :"monitor_role";
-- The backfill workers run in the service, as the app role, and back off on other sessions' lock waits, old
-- transactions and the replicas' lag. Without this grant PostgreSQL shows them all as NULL, every throttle reads
-- healthy, and the workers refuse to run (they log an ERROR naming this grant).
GRANT pg_read_all_stats TO :"app_role";

-- Database and schema rights (this database only).
DO $grants$
DECLARE
  prefix text := current_setting('cutover_roles.prefix');
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I, %I, %I', current_database(),
                 prefix || '_app', prefix || '_migrator', prefix || '_readonly', prefix || '_monitor');
  -- The migrator creates schemas (flyway's history, cutover's backfill state) and the tables in public.
  EXECUTE format('GRANT CREATE ON DATABASE %I TO %I', current_database(), prefix || '_migrator');
END
$grants$;
GRANT USAGE, CREATE ON SCHEMA public TO :"migrator_role";
GRANT USAGE ON SCHEMA public TO :"app_role", :"readonly_role";
-- Objects that exist already (e.g. a database migrated before these roles existed).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"readonly_role";
-- Objects the migrator creates from now on, in any schema, including schemas it creates.
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator_role" GRANT USAGE ON SCHEMAS TO :"app_role", :"readonly_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator_role"
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator_role" GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator_role" GRANT SELECT ON TABLES TO :"readonly_role";

-- Query statistics (the library must also be in shared_preload_libraries: see postgresql.conf).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

-- Passwords, only when given. psql interpolates them as literals (:'var'), so quotes in them are safe.
\if :{?app_password}
ALTER ROLE :"app_role" PASSWORD :'app_password';
\endif
\if :{?migrator_password}
ALTER ROLE :"migrator_role" PASSWORD :'migrator_password';
\endif
\if :{?readonly_password}
ALTER ROLE :"readonly_role" PASSWORD :'readonly_password';
\endif
\if :{?monitor_password}
ALTER ROLE :"monitor_role" PASSWORD :'monitor_password';
\endif
