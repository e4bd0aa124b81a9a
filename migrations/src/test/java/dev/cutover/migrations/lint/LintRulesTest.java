package dev.cutover.migrations.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.lint.rules.LintRule;
import dev.cutover.migrations.lint.rules.Rules;
import dev.cutover.migrations.sql.MigrationFile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule against SQL that must trip it and SQL that must not. A case is one or more migration files, separated
 * by a line {@code ---}; tables the files do not create count as existing tables with traffic.
 */
class LintRulesTest {

    /** The backfill every case knows: it fills users.email_normalized, as the shipped one does. */
    static final List<MigrationFile> BACKFILLS = List.of(new MigrationFile("db/backfill/users_email_normalized.sql", """
            -- cutover:backfill table=users key=id
            UPDATE users SET email_normalized = lower(btrim(email))
            WHERE id > $from AND id <= $to AND email_normalized IS DISTINCT FROM lower(btrim(email));"""));

    /** V2 of the shipped example before issue 25: a trigger that fills the column only on UPDATE OF email. */
    private static final String EXPAND = """
            ALTER TABLE users ADD COLUMN IF NOT EXISTS email_normalized text;
            CREATE OR REPLACE FUNCTION users_set_email_normalized() RETURNS trigger LANGUAGE plpgsql AS
            $$
            BEGIN
                NEW.email_normalized := lower(btrim(NEW.email));
                RETURN NEW;
            END
            $$;
            CREATE OR REPLACE TRIGGER users_email_normalized BEFORE INSERT OR UPDATE OF email ON users
                FOR EACH ROW EXECUTE FUNCTION users_set_email_normalized();
            """;
    /** The fix of issue 25: the same trigger, fired by every update. */
    private static final String EVERY_UPDATE = """
            CREATE OR REPLACE TRIGGER users_email_normalized BEFORE INSERT OR UPDATE ON users
                FOR EACH ROW EXECUTE FUNCTION users_set_email_normalized();
            """;
    private static final String CHECK_NOT_VALID = """
            ALTER TABLE users ADD CONSTRAINT users_email_normalized_not_null
                CHECK (email_normalized IS NOT NULL) NOT VALID;
            """;
    private static final String GATE = "-- cutover:requires-backfill users_email_normalized\n";

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("create-index-not-concurrently", "CREATE INDEX IF NOT EXISTS users_name_idx ON users (full_name)"),
                Arguments.of("create-index-not-concurrently", "CREATE UNIQUE INDEX IF NOT EXISTS u ON public.users (email)"),
                Arguments.of("drop-index-not-concurrently", "DROP INDEX IF EXISTS users_name_idx"),
                Arguments.of("concurrently-in-transaction", """
                        CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (full_name);
                        ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;"""),
                Arguments.of("concurrently-in-transaction", """
                        BEGIN;
                        DROP INDEX CONCURRENTLY IF EXISTS users_name_idx;
                        COMMIT;"""),
                Arguments.of("column-type-change-rewrites", "ALTER TABLE users ALTER COLUMN age TYPE bigint"),
                Arguments.of("column-type-change-rewrites", """
                        CREATE TABLE IF NOT EXISTS notes (id uuid PRIMARY KEY, body varchar(500));
                        ---
                        ALTER TABLE notes ALTER COLUMN body SET DATA TYPE varchar(100);"""),
                Arguments.of("column-type-change-rewrites", """
                        CREATE TABLE IF NOT EXISTS notes (id uuid PRIMARY KEY, body text);
                        ---
                        ALTER TABLE notes ALTER body TYPE text USING btrim(body);"""),
                Arguments.of("volatile-default",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid()"),
                Arguments.of("volatile-default",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS seen_at timestamptz NOT NULL DEFAULT clock_timestamp()"),
                Arguments.of("volatile-default", "ALTER TABLE users ADD COLUMN IF NOT EXISTS n bigserial"),
                Arguments.of("volatile-default",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS n bigint GENERATED ALWAYS AS IDENTITY"),
                Arguments.of("add-column-not-null-without-default",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS score int NOT NULL"),
                Arguments.of("set-not-null-without-check", "ALTER TABLE users ALTER COLUMN full_name SET NOT NULL"),
                Arguments.of("set-not-null-without-check", """
                        ALTER TABLE users ADD CONSTRAINT full_name_nn CHECK (full_name IS NOT NULL) NOT VALID;
                        ---
                        ALTER TABLE users ALTER COLUMN full_name SET NOT NULL;"""),
                Arguments.of("constraint-not-valid", "ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)"),
                Arguments.of("constraint-not-valid",
                        "ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)"),
                Arguments.of("unique-constraint-without-index", "ALTER TABLE users ADD CONSTRAINT users_email_uq UNIQUE (email)"),
                Arguments.of("unique-constraint-without-index", "ALTER TABLE items ADD PRIMARY KEY (id)"),
                Arguments.of("reindex-not-concurrently", "REINDEX TABLE users"),
                Arguments.of("reindex-not-concurrently", "REINDEX (VERBOSE) INDEX users_email_key"),
                Arguments.of("detach-partition-not-concurrently", "ALTER TABLE events DETACH PARTITION events_2024"),
                Arguments.of("validate-in-same-transaction", """
                        ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;
                        ALTER TABLE users VALIDATE CONSTRAINT age_positive;"""),
                Arguments.of("add-column-inline-constraint",
                        "ALTER TABLE items ADD COLUMN IF NOT EXISTS owner_id uuid REFERENCES users (id)"),
                Arguments.of("add-column-inline-constraint",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS age int CHECK (age > 0)"),
                Arguments.of("add-column-inline-constraint", "ALTER TABLE users ADD COLUMN IF NOT EXISTS handle text UNIQUE"),
                Arguments.of("add-column-inline-constraint",
                        "ALTER TABLE legacy ADD COLUMN IF NOT EXISTS id bigint PRIMARY KEY"),
                Arguments.of("add-exclude-constraint", """
                        ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)"""),
                Arguments.of("drop-not-null", "ALTER TABLE users ALTER COLUMN full_name DROP NOT NULL"),
                Arguments.of("truncate-cascade", "TRUNCATE TABLE users CASCADE"),
                Arguments.of("unbatched-backfill", "UPDATE users SET email_normalized = lower(trim(email))"),
                Arguments.of("unbatched-backfill", "UPDATE users SET plan = 'free' WHERE plan IS NULL"),
                Arguments.of("unbatched-backfill", "DELETE FROM sessions WHERE expires_at < now()"),
                Arguments.of("transaction-control", """
                        BEGIN;
                        ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;
                        COMMIT;"""),
                Arguments.of("identifier-too-long", "ALTER TABLE users ADD COLUMN IF NOT EXISTS "
                        + "a_column_name_that_goes_on_and_on_well_past_the_limit_of_sixty_three_bytes text"),
                Arguments.of("rename-column", "ALTER TABLE users RENAME COLUMN full_name TO name"),
                Arguments.of("rename-column", "ALTER TABLE users RENAME full_name TO name"),
                Arguments.of("rename-table", "ALTER TABLE users RENAME TO accounts"),
                Arguments.of("drop-column", "ALTER TABLE users DROP COLUMN IF EXISTS full_name"),
                Arguments.of("drop-column", "ALTER TABLE users DROP IF EXISTS full_name"),
                Arguments.of("drop-table", "DROP TABLE IF EXISTS legacy_sessions"),
                Arguments.of("drop-index-in-use", "DROP INDEX CONCURRENTLY IF EXISTS users_email_key"),
                Arguments.of("vacuum-full-or-cluster", "VACUUM FULL users"),
                Arguments.of("vacuum-full-or-cluster", "VACUUM (FULL, ANALYZE) users"),
                Arguments.of("vacuum-full-or-cluster", "CLUSTER users USING users_pkey"),
                Arguments.of("int-primary-key", "CREATE TABLE IF NOT EXISTS items (id serial PRIMARY KEY)"),
                Arguments.of("int-primary-key", "CREATE TABLE IF NOT EXISTS items (id integer, PRIMARY KEY (id))"),
                Arguments.of("timestamp-without-time-zone", "CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, at timestamp)"),
                Arguments.of("timestamp-without-time-zone",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS seen_at timestamp(3) without time zone"),
                Arguments.of("char-or-varchar-n", "CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, code char(2))"),
                Arguments.of("char-or-varchar-n", "ALTER TABLE users ADD COLUMN IF NOT EXISTS nick character varying(20)"),
                Arguments.of("not-rerunnable", "CREATE TABLE items (id uuid PRIMARY KEY)"),
                Arguments.of("not-rerunnable", "ALTER TABLE users ADD COLUMN nickname text"),
                Arguments.of("not-rerunnable", "ALTER TABLE users DROP CONSTRAINT users_age_check"),
                Arguments.of("not-rerunnable", "DROP VIEW active_users"),
                Arguments.of("not-rerunnable", "CREATE INDEX CONCURRENTLY users_name_idx ON users (full_name)"),
                Arguments.of("not-rerunnable", """
                        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"""),
                Arguments.of("not-rerunnable",
                        "CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f()"),
                Arguments.of("constraint-before-backfill", EXPAND + "---\n" + CHECK_NOT_VALID + "---\n" + GATE
                        + "ALTER TABLE users VALIDATE CONSTRAINT users_email_normalized_not_null;"),
                Arguments.of("constraint-before-backfill", CHECK_NOT_VALID),
                Arguments.of("constraint-before-backfill", EXPAND + EVERY_UPDATE
                        + "DROP TRIGGER IF EXISTS users_email_normalized ON users;\n---\n" + CHECK_NOT_VALID),
                Arguments.of("constraint-before-backfill", EXPAND + """
                        CREATE OR REPLACE TRIGGER users_email_normalized BEFORE INSERT OR UPDATE ON users FOR EACH ROW
                            WHEN (NEW.email IS DISTINCT FROM OLD.email) EXECUTE FUNCTION users_set_email_normalized();
                        ---
                        """ + CHECK_NOT_VALID),
                Arguments.of("constraint-before-backfill", EXPAND + EVERY_UPDATE + "---\n" + CHECK_NOT_VALID
                        + "---\nALTER TABLE users VALIDATE CONSTRAINT users_email_normalized_not_null;"),
                Arguments.of("constraint-before-backfill", EXPAND + EVERY_UPDATE
                        + "---\nALTER TABLE users ALTER COLUMN email_normalized SET NOT NULL;"),
                Arguments.of("constraint-before-backfill", EXPAND + EVERY_UPDATE + "---\n"
                        + "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_normalized_key ON users (email_normalized);"),
                Arguments.of("constraint-before-backfill",
                        "ALTER TABLE users ADD CONSTRAINT users_email_normalized_uq UNIQUE (email_normalized)"));
    }

    static Stream<Arguments> good() {
        return Stream.of(
                Arguments.of("create-index-not-concurrently",
                        "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (full_name)"),
                Arguments.of("create-index-not-concurrently", """
                        CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, name text);
                        CREATE INDEX IF NOT EXISTS items_name_idx ON items (name);"""),
                Arguments.of("drop-index-not-concurrently", "DROP INDEX CONCURRENTLY IF EXISTS users_name_idx"),
                Arguments.of("concurrently-in-transaction", """
                        -- the only statement of its file
                        CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (full_name);"""),
                Arguments.of("concurrently-in-transaction", """
                        ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;
                        REFRESH MATERIALIZED VIEW CONCURRENTLY user_stats;"""),
                Arguments.of("column-type-change-rewrites", """
                        CREATE TABLE IF NOT EXISTS notes (id uuid PRIMARY KEY, body varchar(100));
                        ---
                        ALTER TABLE notes ALTER COLUMN body TYPE varchar(500);"""),
                Arguments.of("column-type-change-rewrites", """
                        CREATE TABLE IF NOT EXISTS notes (id uuid PRIMARY KEY, body character varying(100));
                        ---
                        ALTER TABLE notes ALTER COLUMN body TYPE text;"""),
                Arguments.of("column-type-change-rewrites", """
                        CREATE TABLE IF NOT EXISTS prices (id uuid PRIMARY KEY, amount numeric(10,2));
                        ---
                        ALTER TABLE prices ALTER COLUMN amount TYPE numeric(12,2);"""),
                Arguments.of("volatile-default",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS seen_at timestamptz NOT NULL DEFAULT now()"),
                Arguments.of("volatile-default", "ALTER TABLE users ADD COLUMN IF NOT EXISTS plan text DEFAULT 'free'"),
                Arguments.of("volatile-default", """
                        ALTER TABLE users ADD COLUMN IF NOT EXISTS token uuid;
                        ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();"""),
                Arguments.of("add-column-not-null-without-default",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS score int NOT NULL DEFAULT 0"),
                Arguments.of("add-column-not-null-without-default", "ALTER TABLE users ADD COLUMN IF NOT EXISTS score int"),
                Arguments.of("set-not-null-without-check", """
                        ALTER TABLE users ADD CONSTRAINT full_name_nn CHECK (full_name IS NOT NULL) NOT VALID;
                        ---
                        ALTER TABLE users VALIDATE CONSTRAINT full_name_nn;
                        ---
                        ALTER TABLE users ALTER COLUMN full_name SET NOT NULL;"""),
                Arguments.of("set-not-null-without-check", """
                        CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, name text);
                        ALTER TABLE items ALTER COLUMN name SET NOT NULL;"""),
                Arguments.of("constraint-not-valid",
                        "ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID"),
                Arguments.of("constraint-not-valid",
                        "ALTER TABLE items ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID"),
                Arguments.of("constraint-not-valid", "ALTER TABLE users VALIDATE CONSTRAINT age_positive"),
                Arguments.of("unique-constraint-without-index",
                        "ALTER TABLE users ADD CONSTRAINT users_email_uq UNIQUE USING INDEX users_email_idx"),
                Arguments.of("reindex-not-concurrently", "REINDEX INDEX CONCURRENTLY users_email_key"),
                Arguments.of("detach-partition-not-concurrently",
                        "ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY"),
                Arguments.of("validate-in-same-transaction", """
                        ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;
                        ---
                        ALTER TABLE users VALIDATE CONSTRAINT age_positive;"""),
                Arguments.of("add-column-inline-constraint", """
                        ALTER TABLE items ADD COLUMN IF NOT EXISTS owner_id uuid;
                        ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;"""),
                Arguments.of("add-column-inline-constraint", """
                        CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, owner_id uuid NOT NULL REFERENCES users (id));"""),
                Arguments.of("add-exclude-constraint", """
                        CREATE TABLE IF NOT EXISTS bookings (room int, during tstzrange,
                            EXCLUDE USING gist (room WITH =, during WITH &&))"""),
                Arguments.of("drop-not-null", "ALTER TABLE users ALTER COLUMN full_name SET NOT NULL"),
                Arguments.of("truncate-cascade", "TRUNCATE TABLE audit_scratch"),
                Arguments.of("unbatched-backfill",
                        "UPDATE users SET plan = 'free' WHERE id > '0190' AND id <= '0191' AND plan IS NULL"),
                Arguments.of("unbatched-backfill", "DELETE FROM users WHERE id = '0190e6a8-0000-7000-8000-000000000001'"),
                Arguments.of("unbatched-backfill", """
                        CREATE TABLE IF NOT EXISTS plans (id int PRIMARY KEY, name text);
                        UPDATE plans SET name = lower(name);"""),
                Arguments.of("transaction-control", """
                        CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;
                        DO $$ BEGIN PERFORM 1; END $$;"""),
                Arguments.of("identifier-too-long",
                        "ALTER TABLE users ADD COLUMN IF NOT EXISTS a_name_of_exactly_sixty_three_bytes_is_still_kept_whole_by_pg_k text"),
                Arguments.of("rename-column", "ALTER TABLE users RENAME CONSTRAINT a TO b"),
                Arguments.of("rename-table", "ALTER INDEX users_name_idx RENAME TO users_full_name_idx"),
                Arguments.of("drop-column", "ALTER TABLE users DROP CONSTRAINT IF EXISTS users_age_check"),
                Arguments.of("drop-column", "ALTER TABLE users ALTER COLUMN full_name DROP DEFAULT"),
                Arguments.of("drop-table", "DROP VIEW IF EXISTS active_users"),
                Arguments.of("drop-index-in-use", """
                        -- cutover:ignore drop-index-in-use reads moved to users_email_normalized_key in V6
                        DROP INDEX CONCURRENTLY IF EXISTS users_email_key;"""),
                Arguments.of("vacuum-full-or-cluster", "VACUUM (ANALYZE) users"),
                Arguments.of("int-primary-key",
                        "CREATE TABLE IF NOT EXISTS items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n integer)"),
                Arguments.of("timestamp-without-time-zone",
                        "CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, a timestamptz, b timestamp with time zone)"),
                Arguments.of("char-or-varchar-n",
                        "CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, code text CHECK (char_length(code) = 2), v varchar)"),
                Arguments.of("not-rerunnable", "CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY)"),
                Arguments.of("not-rerunnable", "ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text"),
                Arguments.of("not-rerunnable", "ALTER TABLE users DROP CONSTRAINT IF EXISTS users_age_check"),
                Arguments.of("not-rerunnable", "DROP VIEW IF EXISTS active_users"),
                Arguments.of("not-rerunnable", """
                        CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"""),
                Arguments.of("not-rerunnable",
                        "CREATE OR REPLACE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f()"),
                Arguments.of("constraint-before-backfill", EXPAND + "---\n" + EVERY_UPDATE + "---\n" + CHECK_NOT_VALID
                        + "---\n" + GATE + "ALTER TABLE users VALIDATE CONSTRAINT users_email_normalized_not_null;\n---\n"
                        + "ALTER TABLE users ALTER COLUMN email_normalized SET NOT NULL;\n---\n"
                        + "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_normalized_key ON users (email_normalized);"),
                Arguments.of("constraint-before-backfill", EXPAND + "---\n" + GATE + CHECK_NOT_VALID),
                Arguments.of("constraint-before-backfill", EXPAND + "---\n" + GATE + "SELECT 1;\n---\n"
                        + "ALTER TABLE users ALTER COLUMN email_normalized SET NOT NULL;"),
                Arguments.of("constraint-before-backfill",
                        "ALTER TABLE users ADD CONSTRAINT full_name_nn CHECK (full_name IS NOT NULL) NOT VALID"),
                Arguments.of("constraint-before-backfill", """
                        CREATE TABLE IF NOT EXISTS users (id uuid PRIMARY KEY, email text, email_normalized text);
                        CREATE UNIQUE INDEX IF NOT EXISTS users_email_normalized_key ON users (email_normalized);"""),
                Arguments.of("constraint-before-backfill", EXPAND + "---\n"
                        + "-- cutover:ignore constraint-before-backfill the table is empty until the next release\n"
                        + CHECK_NOT_VALID));
    }

    @ParameterizedTest(name = "{0} trips on: {1}")
    @MethodSource("bad")
    void tripsOnBadSql(String rule, String sql) {
        List<Finding> findings = lint(sql);
        assertThat(findings).extracting(Finding::rule).contains(rule);
        Finding finding = findings.stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow();
        assertThat(finding.message()).isNotBlank();
        assertThat(finding.fix()).isNotBlank();
        assertThat(finding.line()).isPositive();
    }

    @ParameterizedTest(name = "{0} stays quiet on: {1}")
    @MethodSource("good")
    void quietOnGoodSql(String rule, String sql) {
        assertThat(lint(sql)).extracting(Finding::rule).doesNotContain(rule);
    }

    @Test
    void everyRuleHasABadAndAGoodCase() {
        List<String> withBad = bad().map(a -> (String) a.get()[0]).toList();
        List<String> withGood = good().map(a -> (String) a.get()[0]).toList();
        for (LintRule rule : Rules.all()) {
            assertThat(withBad).as("bad case for " + rule.id()).contains(rule.id());
            assertThat(withGood).as("good case for " + rule.id()).contains(rule.id());
            assertThat(rule.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
        }
    }

    /** Lints the files of a case, split at {@code ---} lines, as V1, V2, ... of one migration set. */
    static List<Finding> lint(String sql) {
        String[] files = sql.split("(?m)^---$");
        List<MigrationFile> sources = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            sources.add(new MigrationFile("V" + (i + 1) + "__case.sql", files[i]));
        }
        return Linter.standard().lint(sources, BACKFILLS);
    }
}
