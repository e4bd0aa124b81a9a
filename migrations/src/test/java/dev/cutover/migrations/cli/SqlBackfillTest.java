package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.migrations.backfill.internal.SqlBackfillFiles;
import dev.cutover.migrations.sql.MigrationFile;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fork adds a backfill in SQL beside its migrations, without Java, and the CLI and the gate find it. */
class SqlBackfillTest {

    @Test
    void aBackfillFileBesideTheMigrationsIsRunByTheCliAndSatisfiesTheGate(@TempDir Path project) throws Exception {
        Path migrations = Files.createDirectories(project.resolve("db/migration"));
        Path backfills = Files.createDirectories(project.resolve("db/backfill"));
        Files.writeString(migrations.resolve("V1__widgets.sql"),
                "CREATE TABLE IF NOT EXISTS widgets (id bigint PRIMARY KEY, name text NOT NULL, name_key text);\n");
        Files.writeString(migrations.resolve("V2__widgets_name_key_check.sql"), """
                -- cutover:requires-backfill widgets_name_key
                ALTER TABLE widgets ADD CONSTRAINT widgets_name_key_nn CHECK (name_key IS NOT NULL) NOT VALID;
                """);
        Files.writeString(backfills.resolve("widgets_name_key.sql"), """
                -- cutover:backfill table=widgets key=id
                UPDATE widgets SET name_key = lower(name)
                WHERE id > $from AND id <= $to AND name_key IS DISTINCT FROM lower(name);
                """);
        ScratchDatabase db = ScratchDatabase.create("sql_backfill");
        String[] connection = {"--url", db.url(), "--user", db.user(), "--password", db.password(),
                "--locations", "filesystem:" + migrations};
        assertThat(CliRun.of(concat(new String[] {"migrate", "--target", "1"}, connection)).exitCode()).isZero();
        execute(db, "INSERT INTO widgets SELECT g, 'Widget ' || g FROM generate_series(1, 300) g");

        CliRun refused = CliRun.of(concat(new String[] {"migrate", "--inline-backfill-below", "100"}, connection));
        assertThat(refused.exitCode()).as("stopped at the gate").isEqualTo(4);
        assertThat(refused.err()).contains("needs backfill widgets_name_key");

        CliRun backfill = CliRun.of(concat(new String[] {"backfill", "start", "widgets_name_key", "--no-progress"},
                connection));
        assertThat(backfill.exitCode()).as(backfill.err()).isZero();
        assertThat(backfill.out()).contains("backfill widgets_name_key completed: 300 rows changed");

        CliRun migrated = CliRun.of(concat(new String[] {"migrate", "--inline-backfill-below", "100"}, connection));
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("schema at version 2");
    }

    @Test
    void theShippedExampleIsAnSqlFile() {
        Backfill shipped = Backfills.USERS_EMAIL_NORMALIZED;
        assertThat(shipped.table()).isEqualTo("users");
        assertThat(shipped.keyColumn()).isEqualTo("id");
        assertThat(shipped.sql()).get().asString().startsWith("UPDATE users SET email_normalized = lower(btrim(email))")
                .contains("$slice").doesNotContain("--").doesNotEndWith(";");
        assertThat(SqlBackfillFiles.shipped("users_email_normalized")).isEqualTo(shipped);
    }

    @Test
    void aMalformedFileIsNamedWithWhatIsWrong() {
        assertThatThrownBy(() -> SqlBackfillFiles.parse(new MigrationFile("db/backfill/x.sql",
                "UPDATE t SET a = 1 WHERE id > $from AND id <= $to;")))
                .hasMessageContaining("backfill file db/backfill/x.sql").hasMessageContaining("header");
        assertThatThrownBy(() -> SqlBackfillFiles.parse(new MigrationFile("db/backfill/x.sql", """
                -- cutover:backfill table=t key=id
                UPDATE t SET a = 1 WHERE id > $from AND id <= $to;
                UPDATE t SET b = 1 WHERE id > $from AND id <= $to;""")))
                .hasMessageContaining("exactly one statement");
        assertThatThrownBy(() -> SqlBackfillFiles.parse(new MigrationFile("db/backfill/x.sql", """
                -- cutover:backfill table=t key=id
                UPDATE t SET a = 1;""")))
                .hasMessageContaining("$from and $to");
    }

    private static void execute(ScratchDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
