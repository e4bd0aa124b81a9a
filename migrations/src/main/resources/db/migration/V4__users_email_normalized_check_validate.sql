-- cutover:requires-backfill users_email_normalized
-- Constrain, step 2 of 3: prove the promise for the rows written before V2, which the backfill has filled.
-- VALIDATE scans the table under SHARE UPDATE EXCLUSIVE: reads and writes go on while it runs.
ALTER TABLE users VALIDATE CONSTRAINT users_email_normalized_not_null;
