-- cutover:requires-backfill users_created_at
-- cutover:requires-backfill items_created_at
-- Adopt, step 3: promise that created_at is always filled (Cutover's newest-first lists and their keyset cursors
-- order by it; the template left it NULL on rows written before its revision fe56fa70289e).
-- A CHECK, even NOT VALID, applies to every row an UPDATE writes, whatever column changed: added while NULLs remain,
-- it would make the old service's next update of such a row fail (a login that rehashes a password, a name change).
-- Hence the backfills first (they set the unknown creation time to 1970-01-01 UTC: older than any recorded one), and
-- nothing writes NULL afterwards (both services send created_at, and the default of V2 covers the rest).
-- NOT VALID: no scan, ACCESS EXCLUSIVE for milliseconds.
ALTER TABLE users
    ADD CONSTRAINT users_created_at_not_null CHECK (created_at IS NOT NULL) NOT VALID;

ALTER TABLE items
    ADD CONSTRAINT items_created_at_not_null CHECK (created_at IS NOT NULL) NOT VALID;
