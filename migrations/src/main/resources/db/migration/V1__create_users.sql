-- The users table of the user API. Text columns with CHECKs instead of varchar(n): a later change of
-- the limit is a constraint swap (NOT VALID + VALIDATE), not a type change that rewrites the table.
CREATE TABLE users (
    id              uuid        PRIMARY KEY,
    email           text        NOT NULL CONSTRAINT users_email_length CHECK (char_length(email) <= 255),
    hashed_password text        NOT NULL,
    full_name       text        CONSTRAINT users_full_name_length CHECK (char_length(full_name) <= 255),
    is_active       boolean     NOT NULL DEFAULT true,
    is_superuser    boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (email);

-- The list is newest first with the id as tie-breaker; keyset pages walk this index.
CREATE INDEX users_created_at_id_idx ON users (created_at DESC, id DESC);
