-- Switch reads: the unique index that makes email_normalized the login key. CONCURRENTLY builds it without blocking
-- writes; it cannot run in a transaction, so this file holds nothing else. The service switches its lookups to
-- email_normalized when it sees this index valid. Emails that differ only in case or surrounding spaces make the
-- build fail: merge such accounts first (see the playbook in migrations/README.md).
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_normalized_key ON users (email_normalized);
