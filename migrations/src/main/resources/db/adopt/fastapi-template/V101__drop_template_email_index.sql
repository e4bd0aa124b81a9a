-- Adopt, contract step 2: the template's unique index on the raw email. Cutover looks users up by email_normalized,
-- whose unique index (Cutover's V6) is the stricter rule, so this one only costs writes now. CONCURRENTLY waits for
-- the queries using it instead of blocking the table; alone in its file.
-- cutover:ignore drop-index-in-use the template's lookups by raw email ended with the old service; Cutover uses users_email_normalized_key
DROP INDEX CONCURRENTLY IF EXISTS ix_user_email;
