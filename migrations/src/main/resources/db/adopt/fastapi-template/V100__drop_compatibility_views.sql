-- Adopt, contract step 1 (only once the old service is stopped for good: ./cutover adopt --contract --confirm):
-- the template's names go. Dropping a view locks the view, not the table under it; Cutover never uses the views.
-- alembic_version stays: an old service started by mistake finds its revision at head, runs no Alembic migration,
-- and fails loudly on the missing "user" table instead of creating a new, empty schema beside Cutover's.
DROP VIEW IF EXISTS item;
DROP VIEW IF EXISTS "user";
