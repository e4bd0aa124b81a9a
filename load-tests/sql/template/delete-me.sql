-- DELETE /api/v1/users/me on the FastAPI template, by a user the old service signed up (seeded users stay): the
-- token's user, the items the ORM's cascade loads and deletes, the user (the foreign key cascades too), COMMIT.
-- With no such user yet, the nil uuid matches nothing and the transaction deletes nothing.
SELECT coalesce((SELECT id FROM "user" WHERE email >= 'old-service-' AND email < 'old-service.' ORDER BY email LIMIT 1),
                '00000000-0000-0000-0000-000000000000') AS uid \gset
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".id = :uid::UUID;
SELECT item.title, item.description, item.id, item.created_at, item.owner_id FROM item WHERE :uid::UUID = item.owner_id;
DELETE FROM item WHERE item.owner_id = :uid::UUID;
DELETE FROM "user" WHERE "user".id = :uid::UUID;
COMMIT;
