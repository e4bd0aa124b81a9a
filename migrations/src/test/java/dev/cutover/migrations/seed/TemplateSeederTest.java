package dev.cutover.migrations.seed;

import static dev.cutover.migrations.seed.SeedSql.count;
import static dev.cutover.migrations.seed.SeedSql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateSeederTest {

    private static ScratchDatabase db;
    private static final TemplateSeeder SEEDER = new TemplateSeeder(7, 400);

    @BeforeAll
    static void seed() throws Exception {
        db = ScratchDatabase.create("seed_template");
        try (Connection c = db.connect()) {
            UserSeeder.Result first = SEEDER.seed(c, 2_000, (seeded, total) -> { });
            assertThat(first.inserted()).isEqualTo(2_000);
        }
    }

    /** What the template's five Alembic revisions leave, column by column. */
    @Test
    void createsTheTemplatesSchemaAtItsAlembicHead() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(single(c, "SELECT string_agg(version_num, ',') FROM alembic_version")).isEqualTo("fe56fa70289e");
            assertThat(single(c, """
                    SELECT string_agg(column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                                      || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END
                                      || coalesce(' default ' || column_default, ''), ', ' ORDER BY ordinal_position)
                    FROM information_schema.columns WHERE table_name = 'user'"""))
                    .isEqualTo("email character varying(255) not null, is_active boolean not null, is_superuser boolean"
                            + " not null, full_name character varying(255), hashed_password character varying not null,"
                            + " id uuid not null, created_at timestamp with time zone");
            assertThat(single(c, """
                    SELECT string_agg(column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                                      || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END, ', ' ORDER BY ordinal_position)
                    FROM information_schema.columns WHERE table_name = 'item'"""))
                    .isEqualTo("description character varying(255), title character varying(255) not null, id uuid"
                            + " not null, owner_id uuid not null, created_at timestamp with time zone");
            assertThat(single(c, "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_user_email'"))
                    .isEqualTo("CREATE UNIQUE INDEX ix_user_email ON public.\"user\" USING btree (email)");
            assertThat(single(c, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'item_owner_id_fkey'"))
                    .isEqualTo("FOREIGN KEY (owner_id) REFERENCES \"user\"(id) ON DELETE CASCADE");
            assertThat(single(c, "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint"
                    + " WHERE contype = 'p' AND conrelid IN ('\"user\"'::regclass, 'item'::regclass)"))
                    .isEqualTo("item_pkey,user_pkey");
        }
    }

    @Test
    void seedsTheTemplatesHistoryBcryptAndArgon2AndNoCreatedAtOnOldRows() throws Exception {
        try (Connection c = db.connect()) {
            long bcrypt = count(c, "SELECT count(*) FROM \"user\" WHERE hashed_password LIKE '$2b$12$%'");
            long argon2 = count(c, "SELECT count(*) FROM \"user\" WHERE hashed_password LIKE '$argon2id$v=19$m=65536,t=3,p=4$%'");
            assertThat(bcrypt + argon2).isEqualTo(2_000);
            assertThat(bcrypt).isBetween(700L, 980L);  // 60 % legacy, 70 % of them never upgraded: 42 %
            assertThat(count(c, "SELECT count(DISTINCT hashed_password) FROM \"user\"")).isEqualTo(2);
            long noCreatedAt = count(c, "SELECT count(*) FROM \"user\" WHERE created_at IS NULL");
            assertThat(noCreatedAt).isBetween(1_100L, 1_300L);
            // Every bcrypt user is a legacy one: the hash format and the missing created_at come from the same past.
            assertThat(count(c, "SELECT count(*) FROM \"user\" WHERE hashed_password LIKE '$2b$%' AND created_at IS NOT NULL"))
                    .isZero();
            assertThat(count(c, "SELECT count(*) FROM \"user\" WHERE email <> lower(email)")).isBetween(100L, 300L);
            long items = count(c, "SELECT count(*) FROM item");
            assertThat(items).isBetween(1_800L, 2_200L);
            assertThat(count(c, "SELECT count(*) FROM item i JOIN \"user\" u ON u.id = i.owner_id"
                    + " WHERE (i.created_at IS NULL) <> (u.created_at IS NULL)")).isZero();

            for (String format : List.of("$2b$%", "$argon2id$%")) {
                String hash = single(c, "SELECT hashed_password FROM \"user\" WHERE hashed_password LIKE '" + format
                        + "' LIMIT 1");
                assertThat(SeedPassword.verify(hash, SeedPassword.PLAIN)).as(format).isTrue();
                assertThat(SeedPassword.verify(hash, "not-the-seed-password")).as(format).isFalse();
            }
            TemplateUser someone = SEEDER.user(1_234);
            assertThat(single(c, "SELECT id FROM \"user\" WHERE email = '" + someone.email() + "'"))
                    .isEqualTo(someone.id().toString());
            assertThat(someone.id().version()).isEqualTo(4);
        }
    }

    @Test
    void reRunsAddNothingTopUpsAddTheRestAndTheCascadeHolds() throws Exception {
        ScratchDatabase other = ScratchDatabase.create("seed_template_topup");
        TemplateSeeder seeder = new TemplateSeeder(7, 300);
        List<Long> progress = new ArrayList<>();
        try (Connection c = other.connect()) {
            seeder.seed(c, 500, (seeded, total) -> { });
            long items = count(c, "SELECT count(*) FROM item");
            UserSeeder.Result again = seeder.seed(c, 500, (seeded, total) -> { });
            assertThat(again.inserted()).isZero();
            assertThat(again.alreadyThere()).isEqualTo(500);
            assertThat(count(c, "SELECT count(*) FROM item")).isEqualTo(items);

            UserSeeder.Result more = seeder.seed(c, 1_000, (seeded, total) -> progress.add(seeded));
            assertThat(more.alreadyThere()).isEqualTo(500);
            assertThat(more.inserted()).isEqualTo(500);
            assertThat(progress).containsExactly(800L, 1_000L);
            assertThat(count(c, "SELECT count(*) FROM \"user\"")).isEqualTo(1_000);
            // The same rows as one run would write (the shared database above has the same seed, other chunks).
            try (Connection full = db.connect()) {
                assertThat(rows(c, "true")).isEqualTo(rows(full, "id IN (" + idList(seeder, 1_000) + ")"));
            }

            TemplateUser owner = firstWithItems(seeder);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM \"user\" WHERE id = '" + owner.id() + "'");
            }
            assertThat(count(c, "SELECT count(*) FROM item WHERE owner_id = '" + owner.id() + "'")).isZero();
        }
    }

    @Test
    void bulkLoadAndChunkedPathWriteTheSameRowsAndLeaveTheSameSchema() throws Exception {
        ScratchDatabase other = ScratchDatabase.create("seed_template_bulk");
        String tables = "'\"user\"'::regclass, 'item'::regclass";
        String users = "SELECT email, is_active, is_superuser, full_name, left(hashed_password, 7), id, created_at"
                + " FROM \"user\" ORDER BY id";
        String items = "SELECT description, title, id, owner_id, created_at FROM item ORDER BY id";
        try (Connection c = other.connect()) {
            TemplateSeeder.createSchemaIfMissing(c);
            List<String> schema = SeedSql.schema(c, tables);
            UserSeeder.Result bulk = new TemplateSeeder(7, 300).seed(c, 1_500, (seeded, total) -> { });
            assertThat(bulk.bulkLoaded()).isTrue();
            assertThat(SeedSql.schema(c, tables)).isEqualTo(schema);
            List<String> bulkUsers = SeedSql.rows(c, users);
            List<String> bulkItems = SeedSql.rows(c, items);
            assertThat(bulkItems).hasSizeGreaterThan(1_000);

            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE \"user\" CASCADE");
            }
            UserSeeder.Result chunked = new TemplateSeeder(7, 300, false).seed(c, 1_500, (seeded, total) -> { });
            assertThat(chunked.bulkLoaded()).isFalse();
            assertThat(SeedSql.rows(c, users)).hasSize(1_500).isEqualTo(bulkUsers);
            assertThat(SeedSql.rows(c, items)).isEqualTo(bulkItems);
        }
    }

    @Test
    void loginsAreUsersCutoverCanLogInWithArgon2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logins.csv");
        SEEDER.writeLogins(file, 2_000, 50);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("id,email,password");
        assertThat(lines).hasSizeBetween(45, 51);
        try (Connection c = db.connect()) {
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                assertThat(single(c, "SELECT email FROM \"user\" WHERE id = '" + f[0] + "'")).isEqualTo(f[1]);
                assertThat(single(c, "SELECT hashed_password FROM \"user\" WHERE id = '" + f[0] + "'")).startsWith("$argon2id$");
                assertThat(single(c, "SELECT is_active FROM \"user\" WHERE id = '" + f[0] + "'")).isEqualTo("t");
                assertThat(f[2]).isEqualTo(SeedPassword.PLAIN);
            }
        }
    }

    @Test
    void refusesADatabaseWhoseUserIsAView() throws Exception {
        ScratchDatabase adopted = ScratchDatabase.create("seed_template_adopted");
        try (Connection c = adopted.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id uuid PRIMARY KEY, email text)");
            s.execute("CREATE VIEW \"user\" AS SELECT id, email FROM users");
            s.execute("CREATE TABLE item (id uuid PRIMARY KEY)");
            assertThatThrownBy(() -> SEEDER.seed(c, 10, (seeded, total) -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not in the FastAPI template's shape")
                    .hasMessageContaining("a view");
        }
    }

    private static TemplateUser firstWithItems(TemplateSeeder seeder) {
        for (long n = 1; ; n++) {
            if (!seeder.user(n).items().isEmpty()) {
                return seeder.user(n);
            }
        }
    }

    /** id, email, hash format, created_at, items of the users matching {@code where}, in id order. */
    private static List<String> rows(Connection c, String where) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT u.id, u.email,"
                + " left(u.hashed_password, 4), u.created_at, (SELECT string_agg(i.id || i.title, ',' ORDER BY i.id)"
                + " FROM item i WHERE i.owner_id = u.id) FROM \"user\" u WHERE " + where + " ORDER BY u.id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " "
                        + rs.getString(5));
            }
        }
        return rows;
    }

    private static String idList(TemplateSeeder seeder, long users) {
        StringBuilder ids = new StringBuilder();
        for (long n = 1; n <= users; n++) {
            ids.append(n == 1 ? "'" : ",'").append(seeder.user(n).id()).append('\'');
        }
        return ids.toString();
    }
}
