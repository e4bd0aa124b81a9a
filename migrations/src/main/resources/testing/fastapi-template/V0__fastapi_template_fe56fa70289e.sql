-- Fixture for tests and rehearsals of cutover adopt (testing.TemplateFixture) and for cutover seed --shape
-- fastapi-template (seed.TemplateSeeder): the schema
-- the FastAPI full-stack template's Alembic migrations leave at their head, fe56fa70289e, written from what its
-- five revisions do (see dev.cutover.migrations.adopt.internal.TemplateSchema), not copied.
-- Column order is the one the revisions leave (d98dd8ec85a3 re-adds the ids at the end). Alembic's own table is part
-- of it. The uuid-ossp extension d98dd8ec85a3 creates is left out: nothing in the schema uses it afterwards.
CREATE TABLE alembic_version (
    version_num varchar(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('fe56fa70289e');

CREATE TABLE "user" (
    email           varchar(255) NOT NULL,
    is_active       boolean      NOT NULL,
    is_superuser    boolean      NOT NULL,
    full_name       varchar(255),
    hashed_password varchar      NOT NULL,
    id              uuid         NOT NULL,
    created_at      timestamptz,
    CONSTRAINT user_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_user_email ON "user" (email);

CREATE TABLE item (
    description varchar(255),
    title       varchar(255) NOT NULL,
    id          uuid         NOT NULL,
    owner_id    uuid         NOT NULL,
    created_at  timestamptz,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);
ALTER TABLE item ADD CONSTRAINT item_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES "user" (id) ON DELETE CASCADE;
