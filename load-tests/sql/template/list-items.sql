-- GET /api/v1/items/ on the FastAPI template, as a user who is not a superuser: the token's user, the count of its
-- items, then their first page newest first. item.owner_id has no index in the template: both scan the table.
SELECT id AS uid, email AS uemail FROM (
    (SELECT id, email FROM "user" WHERE id >= gen_random_uuid() ORDER BY id LIMIT 1)
    UNION ALL (SELECT id, email FROM "user" ORDER BY id LIMIT 1)) AS pick LIMIT 1 \gset
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".id = :uid::UUID;
SELECT count(*) AS count_1 FROM item WHERE item.owner_id = :uid::UUID;
SELECT item.title, item.description, item.id, item.created_at, item.owner_id FROM item WHERE item.owner_id = :uid::UUID ORDER BY item.created_at DESC LIMIT 100 OFFSET 0;
ROLLBACK;
