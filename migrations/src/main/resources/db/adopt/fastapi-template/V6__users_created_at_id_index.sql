-- Adopt, step 6: the index of Cutover's newest-first user list and its keyset pages (Cutover's V1 creates it on a
-- fresh database). CONCURRENTLY: SHARE UPDATE EXCLUSIVE, both services read and write during the two scans; alone
-- in its file because it cannot run in a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_created_at_id_idx ON users (created_at DESC, id DESC);
