-- Adopt a FastAPI-template database (Alembic head fe56fa70289e), step 1: Cutover's names for the template's tables,
-- and the template's names kept alive as views, in one short transaction.
-- The renames are catalog changes: ACCESS EXCLUSIVE on "user" and item for milliseconds (bounded by the guard's
-- lock_timeout while waiting for it), no rewrite, no index rebuild. The foreign key, the indexes and every row stay
-- where they are; only the names change. The constraints get the names Cutover's migrations give them.
-- Each view lists exactly the template's columns in the template's order and is automatically updatable (one table,
-- plain columns), so the old service's SELECT, INSERT, UPDATE and DELETE on "user" and item keep working: PostgreSQL
-- rewrites them onto users and items, where the defaults, triggers, constraints and the ON DELETE CASCADE of the
-- base tables apply. Its prepared statements are re-planned against the views with identical result types.
-- Columns Cutover adds later (email_normalized) are not in the views: the old service never sees them.
-- cutover:ignore rename-table the old name stays as an auto-updatable view until the contract step (V100)
ALTER TABLE "user" RENAME TO users;
ALTER TABLE users RENAME CONSTRAINT user_pkey TO users_pkey;
ALTER TABLE item RENAME TO items;
ALTER TABLE items RENAME CONSTRAINT item_pkey TO items_pkey;
ALTER TABLE items RENAME CONSTRAINT item_owner_id_fkey TO items_owner_id_fkey;

CREATE OR REPLACE VIEW "user" AS
    SELECT email, is_active, is_superuser, full_name, hashed_password, id, created_at FROM users;

CREATE OR REPLACE VIEW item AS
    SELECT description, title, id, owner_id, created_at FROM items;

-- The old service may connect as a role other than the tables' owner: it gets on each view the rights it had on the
-- table (the view reaches the table with its owner's rights, the migration role that renamed it).
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN
        SELECT pair.view_name, a.privilege_type,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
        FROM (VALUES ('users', 'user'), ('items', 'item')) AS pair (table_name, view_name)
        JOIN pg_class c ON c.relname = pair.table_name AND c.relnamespace = current_schema()::regnamespace
        CROSS JOIN LATERAL aclexplode(c.relacl) a
        WHERE a.grantee <> c.relowner AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
    LOOP
        EXECUTE format('GRANT %s ON %I TO %s', g.privilege_type, g.view_name, g.grantee);
    END LOOP;
END
$$;
