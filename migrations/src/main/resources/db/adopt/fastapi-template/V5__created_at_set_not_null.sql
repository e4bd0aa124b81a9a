-- Adopt, step 5: SET NOT NULL, proved by the validated CHECKs, so PostgreSQL skips the scan and the ACCESS EXCLUSIVE
-- lock lasts milliseconds; the CHECKs are redundant afterwards. The views' created_at column stays timestamptz: the
-- old service's prepared statements keep their result types.
ALTER TABLE users ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_created_at_not_null;

ALTER TABLE items ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE items DROP CONSTRAINT IF EXISTS items_created_at_not_null;
