-- Contract (ship in a later release than V6, once every running version of the service reads by email_normalized):
-- the exact-match unique index on email is now redundant. Dropping it CONCURRENTLY waits for queries using it to end
-- instead of blocking the table.
-- cutover:ignore drop-index-in-use contract step of the expand/contract example; reads moved to email_normalized in V6
DROP INDEX CONCURRENTLY IF EXISTS users_email_key;
