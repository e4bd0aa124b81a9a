-- A user's items, newest first (GET /items/ for a normal user, offset and keyset pages), and the foreign key's
-- lookups: deleting a user finds their items through this index instead of scanning the table.
-- CONCURRENTLY because an adopted database brings a large items table; alone in its file (no transaction).
CREATE INDEX CONCURRENTLY IF NOT EXISTS items_owner_id_created_at_id_idx ON items (owner_id, created_at DESC, id DESC);
