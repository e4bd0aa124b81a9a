-- cutover:backfill table=users key=id
-- Fills users.created_at on a database adopted from the FastAPI template (cutover adopt): rows the template wrote
-- before its revision fe56fa70289e have none. Their creation time is unknown, so 1970-01-01 UTC: older than any
-- recorded one, newest-first lists put them last. Adoption step V3 waits for it. Idempotent.
UPDATE users SET created_at = '1970-01-01 00:00:00+00'
WHERE id > $from AND id <= $to AND $slice AND created_at IS NULL;
