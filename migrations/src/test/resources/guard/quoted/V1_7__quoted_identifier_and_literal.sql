-- Not a concurrent build, though CREATE INDEX CONCURRENTLY appears in this comment and in the literal below. The
-- quote inside the quoted identifier must not start a string that turns the literal's text into code.
ALTER TABLE users ADD COLUMN "it's" text;
COMMENT ON COLUMN users.email IS 'the user''s address; never CREATE INDEX CONCURRENTLY on it in this file';
