-- Tokens die with the password (issue 27): every access and reset token carries the token_version its user had
-- when it was issued, and the service refuses a token whose version is no longer the row's. The database bumps it,
-- so every writer ends the tokens: this release, the one it replaces during the rollout, a superuser's PATCH, psql.
-- A nullable column without default is a catalog-only change (no rewrite); NULL reads as 0, the version every
-- token issued before this migration carries.
ALTER TABLE users ADD COLUMN IF NOT EXISTS token_version integer;

-- A new password (changed, reset, or set by a superuser) or a deactivation ends every token issued before it.
CREATE OR REPLACE FUNCTION users_end_tokens() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.token_version := coalesce(OLD.token_version, 0) + 1;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER users_end_tokens
    BEFORE UPDATE OF hashed_password, is_active ON users
    FOR EACH ROW
    WHEN (OLD.hashed_password IS DISTINCT FROM NEW.hashed_password OR (OLD.is_active AND NOT NEW.is_active))
    EXECUTE FUNCTION users_end_tokens();
