-- Constrain, step 1 of 3: promise that email_normalized is always filled.
-- NOT VALID: PostgreSQL checks new and updated rows from now on but does not scan the table, so the ACCESS EXCLUSIVE
-- lock this takes lasts milliseconds (and the guard's lock_timeout bounds the wait for it).
ALTER TABLE users
    ADD CONSTRAINT users_email_normalized_not_null CHECK (email_normalized IS NOT NULL) NOT VALID;
