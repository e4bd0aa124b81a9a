-- Failed logins per account and per client address, shared by every instance of the service (issue 27): one row
-- per key ("account:" or "address:" plus the value) with the failures counted since window_start. UNLOGGED: no WAL,
-- so counting a failure costs little; a crash empties the table, which only forgives the failures counted so far.
-- A new table locks nothing that exists.
CREATE UNLOGGED TABLE IF NOT EXISTS login_failures (
    key          text        PRIMARY KEY,
    failures     integer     NOT NULL,
    window_start timestamptz NOT NULL
);
