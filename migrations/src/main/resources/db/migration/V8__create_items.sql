-- The items of the FastAPI template's API, owned by a user and deleted with them (ON DELETE CASCADE, as the
-- template's model declares). Text with CHECKs instead of varchar(255), like users (V1).
-- IF NOT EXISTS: a database adopted from the template already has this table (its "item", renamed), with
-- varchar(255) columns and a nullable created_at; the service reads both shapes, so it is kept as it is.
-- A new table takes only a brief SHARE ROW EXCLUSIVE on users for the foreign key; there is no row to check.
CREATE TABLE IF NOT EXISTS items (
    id          uuid        PRIMARY KEY,
    title       text        NOT NULL CONSTRAINT items_title_length CHECK (char_length(title) BETWEEN 1 AND 255),
    description text        CONSTRAINT items_description_length CHECK (char_length(description) <= 255),
    owner_id    uuid        NOT NULL CONSTRAINT items_owner_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
