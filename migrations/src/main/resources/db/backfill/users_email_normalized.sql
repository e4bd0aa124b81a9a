-- cutover:backfill table=users key=id
-- Fills users.email_normalized for the rows written before V2; V2's trigger keeps new writes right. V4 waits for it
-- (-- cutover:requires-backfill users_email_normalized). Idempotent: a batch that runs again changes nothing.
UPDATE users SET email_normalized = lower(btrim(email))
WHERE id > $from AND id <= $to AND $slice AND email_normalized IS DISTINCT FROM lower(btrim(email));
