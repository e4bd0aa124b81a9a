package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.backfill.BackfillPacing;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.guard.GuardedMigrator;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Updates of rows the backfill has not reached yet succeed in every state {@code cutover migrate} stops in on a large
 * table, whatever state the previous release (the migrations without V2.1) left the database in; and the migrations
 * that release applied keep their checksums.
 */
class UnreachedRowsTest {

    /** Over {@code cutover migrate}'s inline threshold, so it stops at V4's backfill gate, as on a busy database. */
    private static final int USERS = 20_000;

    private final ScratchDatabase db = ScratchDatabase.create("unreached_rows");

    @TempDir
    Path previousRelease;

    @ParameterizedTest(name = "previous release left it at V{0}")
    @ValueSource(strings = {"1", "2", "3"})
    void migrateStopsAtTheGateWithUpdatesOfUnreachedRowsWorking(String previous) throws Exception {
        previousRelease("1");
        insertUsers();
        previousRelease(previous);

        CliRun run = migrate();

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(4); // stopped at the gate
        assertThat(run.err()).contains("V4").contains("backfill users_email_normalized");
        assertThat(appliedVersions()).containsSubsequence("1", "2", "3").contains("2.1").doesNotContain("4");
        assertThat(unfilledRows()).as("rows the backfill has not reached").isEqualTo(USERS);
        assertEveryKindOfUpdateWorksOnAnUnreachedRow();
    }

    @Test
    void theStateOfTheIssueFailsUpdatesUnderThePreviousRelease() throws Exception {
        previousRelease("1");
        insertUsers();
        previousRelease("3");

        // The hazard this release closes, so the test above cannot pass for want of it.
        assertThatThrownBy(() -> execute("UPDATE users SET full_name = 'Renamed' WHERE id = (SELECT id FROM users LIMIT 1)"))
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23514");
    }

    @Test
    void aTargetAtV3ReachesTheSameSafeState() throws Exception {
        previousRelease("1");
        insertUsers();

        CliRun run = CliRun.of("migrate", "--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password(),
                "--target", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(appliedVersions()).containsExactly("1", "2", "2.1", "3");
        assertEveryKindOfUpdateWorksOnAnUnreachedRow();
    }

    @Test
    void aDatabaseThePreviousReleaseFinishedGetsTheTriggerAndKeepsItsChecksums() throws Exception {
        previousRelease("1");
        insertUsers();
        previousRelease(null);
        Map<String, Integer> checksums = checksums();

        CliRun run = migrate();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(appliedVersions()).endsWith("2.1");
        assertThat(checksums()).containsAllEntriesOf(checksums);
        // Plain Flyway, as a team's own pipeline runs it, without Cutover's out-of-order setting.
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations(Migrations.LOCATION)
                .configuration(Migrations.PLAIN_SESSION_LOCK).load().validate();
    }

    /** The shipped migrations without V2.1, migrated to {@code target} (all when null), backfills run inline. */
    private void previousRelease(String target) throws IOException, URISyntaxException {
        Path migrations = previousRelease.resolve("migration");
        if (!Files.exists(migrations)) {
            copyShipped("db/migration", migrations);
            copyShipped("db/backfill", previousRelease.resolve("backfill"));
            Files.delete(migrations.resolve("V2_1__users_email_normalized_on_every_update.sql"));
        }
        GuardedMigrator.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations(List.of("filesystem:" + migrations))
                .gate(Backfills.runInline(db::connect, BackfillPacing.defaults()))
                .target(target).migrate();
    }

    private static void copyShipped(String resource, Path to) throws IOException, URISyntaxException {
        Path from = Path.of(UnreachedRowsTest.class.getClassLoader().getResource(resource).toURI());
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }

    private CliRun migrate() {
        return CliRun.of("migrate", "--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password());
    }

    private void insertUsers() throws SQLException {
        execute("INSERT INTO users (id, email, hashed_password, full_name) SELECT gen_random_uuid(), "
                + "'User' || g || '@Example.com', '$argon2id$old', 'User ' || g FROM generate_series(1, " + USERS + ") g");
    }

    /** What the service writes on a user it did not change the email of: a rename, a new hash, a flag, all at once. */
    private void assertEveryKindOfUpdateWorksOnAnUnreachedRow() throws SQLException {
        String unreached = "(SELECT id FROM users WHERE email_normalized IS NULL AND email <> lower(email) LIMIT 1)";
        List<String> updates = List.of(
                "UPDATE users SET full_name = 'Renamed' WHERE id = " + unreached,
                "UPDATE users SET hashed_password = '$argon2id$rehashed' WHERE id = " + unreached,
                "UPDATE users SET is_active = false, is_superuser = false WHERE id = " + unreached,
                "UPDATE users SET email = lower(email) || '.moved' WHERE id = " + unreached);
        long before = unfilledRows();
        for (String update : updates) {
            execute(update);
        }
        if (before > 0) {
            assertThat(unfilledRows()).as("each update filled the row it wrote").isEqualTo(before - updates.size());
        }
        assertThat(count("SELECT count(*) FROM users WHERE email_normalized IS DISTINCT FROM lower(btrim(email)) "
                + "AND email_normalized IS NOT NULL")).as("filled rows with a wrong normal form").isZero();
    }

    private long unfilledRows() throws SQLException {
        return count("SELECT count(*) FROM users WHERE email_normalized IS NULL");
    }

    private List<String> appliedVersions() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            List<String> versions = new java.util.ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
            return versions;
        }
    }

    private Map<String, Integer> checksums() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version, checksum FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            Map<String, Integer> checksums = new LinkedHashMap<>();
            while (rs.next()) {
                checksums.put(rs.getString(1), rs.getInt(2));
            }
            return checksums;
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
