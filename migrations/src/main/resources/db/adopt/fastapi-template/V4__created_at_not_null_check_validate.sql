-- Adopt, step 4: prove the promise of step 3 for the existing rows. VALIDATE scans each table under SHARE UPDATE
-- EXCLUSIVE: reads and writes of both services go on while it runs.
ALTER TABLE users VALIDATE CONSTRAINT users_created_at_not_null;

ALTER TABLE items VALIDATE CONSTRAINT items_created_at_not_null;
