CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_lower_idx ON users (lower(email));
