-- PATCH /api/v1/users/me {"full_name": ...} on the FastAPI template: the token's user, the UPDATE of what changed,
-- COMMIT, then session.refresh in a new implicit transaction.
SELECT id AS uid, 'Renamed by the old service ' || floor(random() * 100000)::int AS new_name FROM (
    (SELECT id FROM "user" WHERE id >= gen_random_uuid() ORDER BY id LIMIT 1)
    UNION ALL (SELECT id FROM "user" ORDER BY id LIMIT 1)) AS pick LIMIT 1 \gset
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".id = :uid::UUID;
UPDATE "user" SET full_name=:new_name::VARCHAR WHERE "user".id = :uid::UUID;
COMMIT;
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".id = :uid::UUID;
ROLLBACK;
