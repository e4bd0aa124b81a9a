-- Every item, newest first (GET /items/ for a superuser). DESC puts NULL created_at first, the order PostgreSQL
-- gives "ORDER BY created_at DESC" (an adopted template table has NULLs in old rows), so the index serves it.
CREATE INDEX CONCURRENTLY IF NOT EXISTS items_created_at_id_idx ON items (created_at DESC, id DESC);
