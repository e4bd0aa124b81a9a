-- cutover:backfill table=items key=id
-- Fills items.created_at on a database adopted from the FastAPI template (cutover adopt), as users_created_at does
-- for users: 1970-01-01 UTC for the rows written before the template recorded creation times. Idempotent.
UPDATE items SET created_at = '1970-01-01 00:00:00+00'
WHERE id > $from AND id <= $to AND $slice AND created_at IS NULL;
