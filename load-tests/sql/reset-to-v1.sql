-- Puts a database the rehearsal has run on back to schema version 1 (the users table as V1 created it, and Flyway's
-- history ending at V1), undoing V7..V2 and the backfill's record. Run with psql in autocommit: the CONCURRENTLY
-- statements cannot run in a transaction. Seeded rows stay; email_normalized goes, so the next rehearsal backfills
-- again. Used only when the rehearsal is told --reset-to-v1.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP INDEX CONCURRENTLY IF EXISTS users_email_normalized_key;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_normalized_not_null;
DROP TRIGGER IF EXISTS users_email_normalized ON users;
DROP FUNCTION IF EXISTS users_set_email_normalized();
ALTER TABLE users DROP COLUMN IF EXISTS email_normalized;
DELETE FROM flyway_schema_history
 WHERE installed_rank > (SELECT min(installed_rank) FROM flyway_schema_history WHERE version = '1');
DO $$
BEGIN
    IF to_regclass('cutover.backfill_jobs') IS NOT NULL THEN
        DELETE FROM cutover.backfill_jobs WHERE name = 'users_email_normalized';
    END IF;
END
$$;
