-- Expand, step 1 of the normalized-email change (see migrations/README.md, "The expand/contract example").
-- A nullable column without default is a catalog-only change: ACCESS EXCLUSIVE for milliseconds, no rewrite; the
-- guard's lock_timeout keeps it from queueing traffic behind a long transaction.
ALTER TABLE users ADD COLUMN IF NOT EXISTS email_normalized text;

-- New and changed rows get their normal form from the database itself, so every version of the service (the one
-- running during the rollout, and any rolled back to) writes correct rows without knowing the column exists.
-- The backfill workers (backfill "users_email_normalized") fill the rows that existed before this migration.
CREATE OR REPLACE FUNCTION users_set_email_normalized() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.email_normalized := lower(btrim(NEW.email));
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_email_normalized
    BEFORE INSERT OR UPDATE OF email ON users
    FOR EACH ROW EXECUTE FUNCTION users_set_email_normalized();
