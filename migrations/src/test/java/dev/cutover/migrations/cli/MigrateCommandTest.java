package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrateCommandTest {

    private final ScratchDatabase db = ScratchDatabase.create("cli_migrate");

    @Test
    void migratesToATargetAndReportsEachMigrationAsJson() throws Exception {
        CliRun run = CliRun.of("migrate", "--url", db.url(), "--user", db.user(), "--password", db.password(),
                "--target", "2", "--lock-timeout", "200ms", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(doc.path("status").asText()).isEqualTo("ok");
        assertThat(doc.path("schema_version").asText()).isEqualTo("2");
        assertThat(doc.path("applied")).hasSize(2);
        assertThat(doc.path("applied").get(1).path("attempts").asInt()).isEqualTo(1);
        assertThat(doc.path("events").toString()).contains("lock_timeout 200ms");
    }

    @Test
    void stopsWithOneLineNamingTheBackfillAMigrationNeeds() throws Exception {
        String[] connection = {"--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password()};
        assertThat(CliRun.of(concat(new String[] {"migrate", "--target", "1"}, connection)).exitCode()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, hashed_password) "
                    + "SELECT gen_random_uuid(), 'user' || g || '@example.com', 'x' FROM generate_series(1, 200) g");
        }
        CliRun run = CliRun.of(concat(new String[] {"migrate", "--inline-backfill-below", "100"}, connection));

        assertThat(run.exitCode()).as("a stop at a backfill gate").isEqualTo(4);
        assertThat(run.err().lines().filter(l -> l.startsWith("cutover: ")).toList()).singleElement()
                .asString().contains("V4").contains("backfill users_email_normalized").contains("users has about 200 rows");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history "
                    + "WHERE success");
            rs.next();
            assertThat(rs.getString(1)).as("migrations before the gate stay applied").isEqualTo("1,2,2.1,3");
        }
        assertThat(CliRun.of("status", "--url", db.url(), "--user", db.user(), "--password", db.password()).out())
                .contains("Pending");
    }

    @Test
    void aNewDatabaseMigratesInOneCommandRunningTheBackfillOfItsEmptyTableInline() throws Exception {
        CliRun run = CliRun.of("migrate", "--url", db.url(), "--user", db.user(), "--password", db.password());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("schema at version " + latestBundledVersion());
        assertThat(run.err()).contains("backfill users_email_normalized ran inline: users has 0 row(s)");
    }

    @Test
    void runsTheRequiredBackfillFirstWhenAskedTo() throws Exception {
        String[] connection = {"--url", db.url(), "--user", db.user(), "--password", db.password()};
        assertThat(CliRun.of(concat(new String[] {"migrate", "--target", "1"}, connection)).exitCode()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, hashed_password) "
                    + "SELECT gen_random_uuid(), ' User' || g || '@Example.com', 'x' FROM generate_series(1, 500) g");
        }

        CliRun run = CliRun.of(concat(new String[] {"migrate", "--backfills", "run", "--format", "json"}, connection));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(new ObjectMapper().readTree(run.out()).path("schema_version").asText()).isEqualTo(latestBundledVersion());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count(*) FROM users WHERE email_normalized = lower(btrim(email))");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(500);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void theContractStepOfAOneRunMigrationWaitsForAConnectedService() throws Exception {
        try (Connection service = db.connect(); Statement s = service.createStatement()) {
            s.execute("SET application_name = 'cutover-service'");
            CliRun run = CliRun.of("migrate", "--url", db.url(), "--user", db.user(), "--password", db.password(),
                    "--contract-wait", "1s", "--format", "json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode waits = new ObjectMapper().readTree(run.out()).path("events");
            assertThat(waits.findValuesAsText("kind")).containsOnlyOnce("contract_wait");
            assertThat(waits.toString())
                    .contains("waiting 1.0s so connected services see that step first (cutover-service (1))");
        }
    }

    @Test
    void rejectsABadDurationWithAUsageError() {
        CliRun run = CliRun.of("migrate", "--url", db.url(), "--lock-timeout", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'soon' is not a duration");
    }

    @Test
    void refusesToRunWithoutADatabase() {
        CliRun run = CliRun.of("migrate");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no database given");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"migrate", "status"}) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Usage: cutover " + command);
        }
    }

    /** The newest version among the service's migrations, so the tests need no edit when one is added. */
    private static String latestBundledVersion() throws Exception {
        Path dir = Path.of(MigrateCommandTest.class.getClassLoader().getResource("db/migration").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max(Integer::compare).orElseThrow()
                    .toString();
        }
    }
}
