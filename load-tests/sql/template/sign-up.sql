-- POST /api/v1/users/signup on the FastAPI template: crud.get_user_by_email (is the address taken?), then
-- crud.create_user's INSERT (uuid4 id, created_at and the Argon2 hash made in Python, here of the seed password at
-- pwdlib's cost), COMMIT, session.refresh.
SELECT gen_random_uuid() AS new_id, 'old-service-' || gen_random_uuid() || '@example.com' AS new_email, now() AS new_time \gset
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".email = :new_email::VARCHAR;
INSERT INTO "user" (email, is_active, is_superuser, full_name, hashed_password, id, created_at) VALUES (:new_email::VARCHAR, true, false, 'Signed up at the old service'::VARCHAR, '$argon2id$v=19$m=65536,t=3,p=4$fvfzMtq/YDBOYTKzOqwYYw$5qAa5y+AT2LtEzIABGcRxk1YhZkmfZm/PrqDslCJZL8'::VARCHAR, :new_id::UUID, :new_time::TIMESTAMP WITH TIME ZONE);
COMMIT;
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".id = :new_id::UUID;
ROLLBACK;
