-- POST /api/v1/login/access-token on the FastAPI template: crud.authenticate's lookup by exact email; the password
-- is verified in Python, and the session closes.
SELECT id AS uid, email AS uemail FROM (
    (SELECT id, email FROM "user" WHERE id >= gen_random_uuid() ORDER BY id LIMIT 1)
    UNION ALL (SELECT id, email FROM "user" ORDER BY id LIMIT 1)) AS pick LIMIT 1 \gset
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".email = :uemail::VARCHAR;
ROLLBACK;
