package dev.cutover.migrations.seed;

import static dev.cutover.migrations.seed.SeedSql.count;
import static dev.cutover.migrations.seed.SeedSql.rows;
import static dev.cutover.migrations.seed.SeedSql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bulk load of an empty users table, against the chunked path and the schema it found. */
class UserSeederBulkLoadTest {

    private static final String ROWS = "SELECT id, email, full_name, is_active, is_superuser, created_at, email_normalized"
            + " FROM users ORDER BY id";

    private static ScratchDatabase db;

    @BeforeAll
    static void migrate() throws SQLException {
        db = ScratchDatabase.create("seed_bulk");
        Migrations.apply(db.jdbcUrl(), db.user(), db.password());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // Comments are part of what must come back.
            s.execute("COMMENT ON INDEX users_created_at_id_idx IS 'keyset pages'");
            s.execute("COMMENT ON CONSTRAINT items_owner_id_fkey ON items IS 'owner'");
        }
    }

    @BeforeEach
    void clear() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE users CASCADE");
        }
    }

    @Test
    void bulkLoadAndChunkedPathWriteTheSameRows() throws Exception {
        try (Connection c = db.connect()) {
            List<String> told = new ArrayList<>();
            UserSeeder.Result bulk = new UserSeeder(7, 300).seed(c, 2_000, new UserSeeder.Progress() {
                @Override
                public void seeded(long seeded, long total) {
                    told.add(seeded + "/" + total);
                }

                @Override
                public void phase(String name) {
                    told.add(name);
                }
            });
            assertThat(bulk.bulkLoaded()).isTrue();
            // Nothing is committed before the end: no count before the indexes, the total once after them.
            assertThat(told).containsExactly("copy users", "indexes", "2000/2000");
            assertThat(bulk.inserted()).isEqualTo(2_000);
            List<String> bulkRows = rows(c, ROWS);
            String hash = single(c, "SELECT min(hashed_password) FROM users");
            assertThat(count(c, "SELECT count(DISTINCT hashed_password) FROM users")).isEqualTo(1);
            assertThat(SeedPassword.verify(hash, SeedPassword.PLAIN)).isTrue();

            clear();
            UserSeeder.Result chunked = new UserSeeder(7, 300, false).seed(c, 2_000, (seeded, total) -> { });
            assertThat(chunked.bulkLoaded()).isFalse();
            assertThat(rows(c, ROWS)).hasSize(2_000).isEqualTo(bulkRows);
            SeededUser user = new UserSeeder(7, 300).user(1_999);
            assertThat(bulkRows).contains(String.join("|", user.id().toString(), user.email(), user.fullName(), "t", "f",
                    single(c, "SELECT timestamptz '" + user.createdAt() + "'"), user.email()));
        }
    }

    @Test
    void theSchemaAfterABulkLoadIsTheSchemaBefore() throws Exception {
        try (Connection c = db.connect()) {
            List<String> before = SeedSql.schema(c, "'users'::regclass, 'items'::regclass");
            assertThat(before).anyMatch(line -> line.contains("-- keyset pages"))
                    .anyMatch(line -> line.startsWith("trigger CREATE TRIGGER users_email_normalized"));
            assertThat(new UserSeeder(7, 300).seed(c, 1_000, (seeded, total) -> { }).bulkLoaded()).isTrue();
            assertThat(SeedSql.schema(c, "'users'::regclass, 'items'::regclass")).isEqualTo(before);
            // The rebuilt foreign key works: an item of a seeded user goes in, one of nobody does not.
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO items (id, title, owner_id) SELECT gen_random_uuid(), 'x', id FROM users LIMIT 1");
                assertThatThrownBy(() -> s.execute("INSERT INTO items (id, title, owner_id)"
                        + " VALUES (gen_random_uuid(), 'x', gen_random_uuid())"))
                        .hasMessageContaining("items_owner_id_fkey");
            }
            // The trigger is back: a new row gets its normal form from the database.
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO users (id, email, hashed_password) VALUES (gen_random_uuid(), ' New@Example.COM', 'x')");
            }
            assertThat(single(c, "SELECT email_normalized FROM users WHERE email = ' New@Example.COM'"))
                    .isEqualTo("new@example.com");
        }
    }

    @Test
    void aReRunAddsNothingAndALargerCountTopsUpInChunks() throws Exception {
        UserSeeder seeder = new UserSeeder(7, 400);
        try (Connection c = db.connect()) {
            assertThat(seeder.seed(c, 1_000, (seeded, total) -> { }).bulkLoaded()).isTrue();
            UserSeeder.Result again = seeder.seed(c, 1_000, (seeded, total) -> { });
            assertThat(again.bulkLoaded()).isFalse();
            assertThat(again.alreadyThere()).isEqualTo(1_000);
            assertThat(again.inserted()).isZero();
            UserSeeder.Result more = seeder.seed(c, 1_700, (seeded, total) -> { });
            assertThat(more.bulkLoaded()).isFalse();
            assertThat(more.alreadyThere()).isEqualTo(1_000);
            assertThat(more.inserted()).isEqualTo(700);
            List<String> toppedUp = rows(c, ROWS);

            clear();
            new UserSeeder(7, 400, false).seed(c, 1_700, (seeded, total) -> { });
            assertThat(rows(c, ROWS)).isEqualTo(toppedUp);
        }
    }

    @Test
    void aTableWithRowsIsToppedUpInChunksNotBulkLoaded() throws Exception {
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO users (id, email, hashed_password) VALUES (gen_random_uuid(), 'admin@example.com', 'x')");
            }
            UserSeeder.Result result = new UserSeeder(7, 300).seed(c, 500, (seeded, total) -> { });
            assertThat(result.bulkLoaded()).isFalse();
            assertThat(result.inserted()).isEqualTo(500);
            assertThat(count(c, "SELECT count(*) FROM users")).isEqualTo(501);
        }
    }

    @Test
    void aLoadCutShortLeavesTheTableEmptyAndTheSchemaWholeAndARerunFinishes() throws Exception {
        try (Connection c = db.connect()) {
            List<String> before = SeedSql.schema(c, "'users'::regclass, 'items'::regclass");
            UserSeeder seeder = new UserSeeder(7, 300);
            // 30,000 rows are more than one write of the stream: progress is told mid-COPY, and fails there.
            assertThatThrownBy(() -> seeder.seed(c, 30_000, (seeded, total) -> {
                throw new IllegalStateException("killed at " + seeded);
            })).hasMessageStartingWith("killed at ");
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(count(c, "SELECT count(*) FROM users")).isZero();
            assertThat(SeedSql.schema(c, "'users'::regclass, 'items'::regclass")).isEqualTo(before);

            UserSeeder.Result rerun = seeder.seed(c, 30_000, (seeded, total) -> { });
            assertThat(rerun.bulkLoaded()).isTrue();
            assertThat(count(c, "SELECT count(*) FROM users")).isEqualTo(30_000);
        }
    }

    @Test
    void aTriggerOtherThanV2sStaysAndComputesTheColumn() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            String original = single(c, "SELECT pg_get_functiondef('users_set_email_normalized'::regproc)");
            s.execute("""
                    CREATE OR REPLACE FUNCTION users_set_email_normalized() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        NEW.email_normalized := upper(btrim(NEW.email));
                        RETURN NEW;
                    END
                    $$""");
            try {
                assertThat(new UserSeeder(7, 300).seed(c, 200, (seeded, total) -> { }).bulkLoaded()).isTrue();
                assertThat(count(c, "SELECT count(*) FROM users WHERE email_normalized = upper(email)")).isEqualTo(200);
            } finally {
                s.execute(original);
            }
        }
    }
}
