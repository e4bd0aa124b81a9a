package dev.cutover.migrations.seed;

import static dev.cutover.migrations.seed.SeedSql.count;
import static dev.cutover.migrations.seed.SeedSql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserSeederTest {

    private static ScratchDatabase db;

    @BeforeAll
    static void migrate() {
        db = ScratchDatabase.create("seed");
        Migrations.apply(db.jdbcUrl(), db.user(), db.password());
    }

    @Test
    void seedsOnceTopsUpAndSeededUsersLogIn() throws Exception {
        UserSeeder seeder = new UserSeeder(7, 300, false);
        List<Long> progress = new ArrayList<>();
        try (Connection c = db.connect()) {
            clear(c);
            UserSeeder.Result first = seeder.seed(c, 1_000, (seeded, total) -> progress.add(seeded));
            assertThat(first.inserted()).isEqualTo(1_000);
            assertThat(first.alreadyThere()).isZero();
            assertThat(progress).containsExactly(300L, 600L, 900L, 1_000L);
            assertThat(count(c, "SELECT count(*) FROM users")).isEqualTo(1_000);
            assertThat(count(c, "SELECT count(DISTINCT hashed_password) FROM users")).isEqualTo(1);

            UserSeeder.Result again = seeder.seed(c, 1_000, (seeded, total) -> { });
            assertThat(again.inserted()).isZero();
            assertThat(again.alreadyThere()).isEqualTo(1_000);
            assertThat(count(c, "SELECT count(*) FROM users")).isEqualTo(1_000);

            UserSeeder.Result more = seeder.seed(c, 1_500, (seeded, total) -> { });
            assertThat(more.alreadyThere()).isEqualTo(1_000);
            assertThat(more.inserted()).isEqualTo(500);
            assertThat(count(c, "SELECT count(*) FROM users")).isEqualTo(1_500);

            SeededUser someone = seeder.user(1_234);
            String hash = single(c, "SELECT hashed_password FROM users WHERE email = '" + someone.email() + "'");
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(SeedPassword.verify(hash, SeedPassword.PLAIN)).isTrue();
            assertThat(SeedPassword.verify(hash, "not-the-seed-password")).isFalse();
        }
    }

    @Test
    void aRunCutShortIsCompletedWithoutDuplicates() throws Exception {
        UserSeeder seeder = new UserSeeder(7, 250);
        try (Connection c = db.connect()) {
            clear(c);
            seeder.seed(c, 1_000, (seeded, total) -> { });
            // As if the run had died before its last two chunks committed.
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM users WHERE created_at >= '" + seeder.user(501).createdAt() + "'");
            }
            assertThat(count(c, "SELECT count(*) FROM users")).isEqualTo(500);
            UserSeeder.Result resumed = seeder.seed(c, 1_000, (seeded, total) -> { });
            assertThat(resumed.alreadyThere()).isEqualTo(500);
            assertThat(resumed.inserted()).isEqualTo(500);
            assertThat(count(c, "SELECT count(*) FROM users")).isEqualTo(1_000);
            assertThat(count(c, "SELECT count(DISTINCT email) FROM users")).isEqualTo(1_000);
        }
    }

    @Test
    void theLastAnalyzeWaitsOutAnAutovacuumInsteadOfFailingOnTheRolesShortLockTimeout() throws Exception {
        UserSeeder seeder = new UserSeeder(7, 500, false);
        try (Connection c = db.connect(); Connection vacuum = db.connect()) {
            clear(c);
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '100ms'"); // the migrator role's, in infra/postgres/roles.sql
            }
            // Stands in for the autovacuum the new rows set off: it holds the lock ANALYZE needs for over 100 ms.
            vacuum.setAutoCommit(false);
            try (Statement s = vacuum.createStatement()) {
                s.execute("LOCK TABLE users IN SHARE UPDATE EXCLUSIVE MODE");
            }
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1_500);
                    vacuum.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            UserSeeder.Result result = seeder.seed(c, 1_000, (seeded, total) -> { });
            release.join();
            assertThat(result.inserted()).isEqualTo(1_000);
            assertThat(single(c, "SHOW lock_timeout")).as("the wait was the ANALYZE's alone").isEqualTo("100ms");
        }
    }

    @Test
    void theSameSeedGivesTheSameUsersAndAnotherSeedOthers() {
        UserSeeder one = new UserSeeder(7, 100);
        UserSeeder same = new UserSeeder(7, 999);
        UserSeeder other = new UserSeeder(8, 100);
        for (long n = 1; n <= 200; n++) {
            assertThat(same.user(n)).isEqualTo(one.user(n));
            assertThat(other.user(n).email()).isNotEqualTo(one.user(n).email());
        }
        SeededUser user = one.user(42);
        assertThat(user.email()).matches("[a-z._]+42@[a-z.]*example\\.(com|org|net)");
        assertThat(user.id().version()).isEqualTo(7);
        assertThat(user.id().variant()).isEqualTo(2);
        assertThat(one.user(43).createdAt()).isAfter(user.createdAt());
        assertThat(one.user(43).id()).isGreaterThan(user.id());
    }

    /** Values an earlier version wrote: a database seeded then is topped up with the same users now. */
    @Test
    void userNIsTheSameAcrossVersions() {
        UserSeeder seeder = new UserSeeder(UserSeeder.DEFAULT_SEED, 100);
        assertThat(seeder.user(1).toString()).isEqualTo("SeededUser[number=1, id=017e12f0-78c7-7223-9b79-929ae741c596,"
                + " email=paul.o1@example.org, fullName=Paul Okafor, createdAt=2022-01-01T00:00:56.519Z]");
        assertThat(seeder.user(2_000_000).toString()).isEqualTo("SeededUser[number=2000000,"
                + " id=018c0b36-fb9e-71b1-a0c6-31c8062c3ba1, email=charles.sanchez2000000@users.example.org,"
                + " fullName=Charles Sanchez, createdAt=2023-11-26T10:40:01.950Z]");
    }

    @Test
    void writesAFeederFileOfSeededUsers(@TempDir Path dir) throws Exception {
        UserSeeder seeder = new UserSeeder(7, 100);
        Path file = dir.resolve("logins/logins.csv");
        seeder.writeLogins(file, 1_000, 10);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("id,email,password");
        SeededUser first = seeder.user(1);
        assertThat(lines.get(1)).isEqualTo(first.id() + "," + first.email() + "," + SeedPassword.PLAIN);
        assertThat(lines.get(10)).startsWith(seeder.user(901).id() + ",");
    }

    @Test
    void refusesADatabaseWithoutTheUsersTable() throws Exception {
        ScratchDatabase empty = ScratchDatabase.create("seed_empty");
        try (Connection c = empty.connect()) {
            assertThatThrownBy(() -> new UserSeeder(7, 100).seed(c, 10, (seeded, total) -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no users table")
                    .hasMessageContaining("migrate");
        }
    }

    private static void clear(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE users CASCADE");
        }
    }
}
