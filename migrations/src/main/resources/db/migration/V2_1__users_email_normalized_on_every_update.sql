-- Expand, step 1b: V2's trigger filled email_normalized only on INSERT and UPDATE OF email. From V3 on, a CHECK that
-- PostgreSQL applies to every row an UPDATE writes (NOT VALID too) needs the column filled on any update: otherwise a
-- rename, a password change or a login that re-hashes fails (23514) on every row the backfill has not reached yet.
-- Firing on every update fills such a row the first time anything writes it, so no state between V2 and the end of
-- the backfill can fail a request. Version 2.1 sorts before V3 on a new database; on one already past V2 (at V3 with
-- the backfill part-way, or finished) Cutover's runner applies it out of order, and it changes nothing there but the
-- trigger. CREATE OR REPLACE TRIGGER takes SHARE ROW EXCLUSIVE for milliseconds, under the guard's lock_timeout.
CREATE OR REPLACE TRIGGER users_email_normalized
    BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_set_email_normalized();
