-- POST /api/v1/items/ on the FastAPI template: the token's user, INSERT of the item (uuid4 id and created_at made in
-- Python), COMMIT, then session.refresh.
SELECT id AS uid, gen_random_uuid() AS new_id, now() AS new_time FROM (
    (SELECT id FROM "user" WHERE id >= gen_random_uuid() ORDER BY id LIMIT 1)
    UNION ALL (SELECT id FROM "user" ORDER BY id LIMIT 1)) AS pick LIMIT 1 \gset
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".id = :uid::UUID;
INSERT INTO item (title, description, id, created_at, owner_id) VALUES ('Written by the old service'::VARCHAR, NULL, :new_id::UUID, :new_time::TIMESTAMP WITH TIME ZONE, :uid::UUID);
COMMIT;
BEGIN;
SELECT item.title, item.description, item.id, item.created_at, item.owner_id FROM item WHERE item.id = :new_id::UUID;
ROLLBACK;
