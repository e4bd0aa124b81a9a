-- GET /api/v1/users/me on the FastAPI template: get_current_user's session.get(User, token.sub), then the session
-- closes (ROLLBACK of its implicit transaction).
SELECT id AS uid, email AS uemail FROM (
    (SELECT id, email FROM "user" WHERE id >= gen_random_uuid() ORDER BY id LIMIT 1)
    UNION ALL (SELECT id, email FROM "user" ORDER BY id LIMIT 1)) AS pick LIMIT 1 \gset
BEGIN;
SELECT "user".email, "user".is_active, "user".is_superuser, "user".full_name, "user".id, "user".hashed_password, "user".created_at FROM "user" WHERE "user".id = :uid::UUID;
ROLLBACK;
