-- Adopt, step 2: the defaults Cutover's schema has (V1, V8) and the template's tables lack. Catalog-only
-- (ACCESS EXCLUSIVE for milliseconds, no rewrite): a default applies to rows inserted from now on, through the views
-- too. The old service always sends every column, so it is unaffected; Cutover's rows get now() as created_at.
ALTER TABLE users
    ALTER COLUMN is_active SET DEFAULT true,
    ALTER COLUMN is_superuser SET DEFAULT false,
    ALTER COLUMN created_at SET DEFAULT now();

ALTER TABLE items ALTER COLUMN created_at SET DEFAULT now();
