-- Constrain, step 3 of 3: SET NOT NULL. PostgreSQL skips the full-table scan because the validated CHECK already
-- proves no row is NULL, so its ACCESS EXCLUSIVE lock is brief; the CHECK is redundant afterwards.
ALTER TABLE users ALTER COLUMN email_normalized SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_normalized_not_null;
