package dev.cutover.migrations.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against a real PostgreSQL: a target at V1 with rows, and pending migrations whose locks and rewrites
 * are known from PostgreSQL's documentation, so each assertion checks an observation, not a rule.
 */
class LockProbeTest {

    @TempDir
    static Path migrations;

    static ScratchDatabase target;
    static List<MigrationProbe> probes;

    @BeforeAll
    static void probePendingMigrations() throws Exception {
        write("V1__create_items.sql",
                "CREATE TABLE items (id bigint PRIMARY KEY, name text); CREATE TABLE other (id bigint PRIMARY KEY);");
        write("V2__volatile_default.sql", "ALTER TABLE items ADD COLUMN token double precision DEFAULT random();");
        write("V3__nullable_column.sql", "ALTER TABLE items ADD COLUMN note text;");
        write("V4__stable_default.sql", "ALTER TABLE items ADD COLUMN seen_at timestamptz NOT NULL DEFAULT now();");
        write("V5__check_not_valid.sql",
                "ALTER TABLE items ADD CONSTRAINT items_name_nn CHECK (name IS NOT NULL) NOT VALID;");
        write("V6__validate.sql", "ALTER TABLE items VALIDATE CONSTRAINT items_name_nn;");
        write("V7__type_change.sql", "ALTER TABLE items ALTER COLUMN id TYPE numeric;");
        write("V8__index_concurrently.sql", "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);");
        write("V9__broken.sql", "ALTER TABLE items ADD COLUMN name text;");

        target = ScratchDatabase.create("probe_target");
        Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password())
                .locations("filesystem:" + migrations).target("1").load().migrate();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 5000) g");
            s.execute("ANALYZE items");
        }
        probes = new LockProbe(url(target), List.of("filesystem:" + migrations), Duration.ofSeconds(10)).run();
    }

    private static void write(String name, String sql) throws Exception {
        Files.writeString(migrations.resolve(name), sql);
    }

    private static DatabaseUrl url(ScratchDatabase db) {
        return new DatabaseUrl(db.host(), db.port(), db.name(), Optional.of(db.user()), Optional.of(db.password()),
                Map.of());
    }

    private static TableLock items(String version) {
        MigrationProbe probe = probes.stream().filter(p -> version.equals(p.version())).findFirst().orElseThrow();
        assertThat(probe.error()).as("error of V" + version).isNull();
        Map<String, TableLock> byTable = probe.tables().stream()
                .collect(Collectors.toMap(TableLock::table, Function.identity()));
        assertThat(byTable).as("tables touched by V" + version).doesNotContainKey("public.other");
        return byTable.get("public.items");
    }

    @Test
    void probesEveryPendingMigrationInOrder() {
        assertThat(probes).extracting(MigrationProbe::version)
                .containsExactly("2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void volatileDefaultRewritesUnderAccessExclusive() {
        TableLock items = items("2");
        assertThat(items.strongest()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(items.rewrite()).isTrue();
        assertThat(items.blocks()).contains("reads");
    }

    @Test
    void nullableColumnTakesAccessExclusiveWithoutRewrite() {
        TableLock items = items("3");
        assertThat(items.strongest()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(items.rewrite()).isFalse();
    }

    @Test
    void stableDefaultLikeNowDoesNotRewrite() {
        assertThat(items("4").rewrite()).isFalse();
    }

    @Test
    void checkNotValidIsAccessExclusiveAndValidateOnlyShareUpdateExclusive() {
        assertThat(items("5").strongest()).isEqualTo("ACCESS EXCLUSIVE");
        TableLock validate = items("6");
        assertThat(validate.strongest()).isEqualTo("SHARE UPDATE EXCLUSIVE");
        assertThat(validate.rewrite()).isFalse();
        assertThat(validate.blocks()).contains("reads and writes go on");
    }

    @Test
    void typeChangeRewrites() {
        TableLock items = items("7");
        assertThat(items.strongest()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(items.rewrite()).isTrue();
    }

    @Test
    void concurrentIndexIsHeldAtItsFirstWaitAndSeenWithShareUpdateExclusive() {
        MigrationProbe probe = probes.stream().filter(p -> "8".equals(p.version())).findFirst().orElseThrow();
        assertThat(probe.transactional()).isFalse();
        assertThat(probe.observed()).isTrue();
        TableLock items = items("8");
        assertThat(items.strongest()).isEqualTo("SHARE UPDATE EXCLUSIVE");
        assertThat(items.rewrite()).isFalse();
    }

    @Test
    void failingMigrationIsReportedWithPostgresMessage() {
        MigrationProbe broken = probes.get(probes.size() - 1);
        assertThat(broken.error()).contains("already exists");
    }

    @Test
    void reportsTheTargetsTableSizeNextToTheLocks() {
        TableLock items = items("3");
        assertThat(items.targetRowsEstimate()).isEqualTo(5000L);
        assertThat(items.targetBytes()).isGreaterThan(100_000L);
    }

    @Test
    void leavesTheTargetUntouchedAndDropsItsScratchDatabase() throws Exception {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            ResultSet columns = s.executeQuery("SELECT count(*) FROM information_schema.columns "
                    + "WHERE table_name = 'items' AND column_name IN ('token', 'note', 'seen_at')");
            columns.next();
            assertThat(columns.getInt(1)).isZero();
            ResultSet applied = s.executeQuery("SELECT max(version::int) FROM flyway_schema_history");
            applied.next();
            assertThat(applied.getInt(1)).isEqualTo(1);
            ResultSet scratch = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'cutover\\_lockprobe\\_%'");
            scratch.next();
            assertThat(scratch.getInt(1)).as("probe databases left behind").isZero();
        }
    }

    @Test
    void bundledMigrationsProbeOnAnEmptyTarget() throws Exception {
        ScratchDatabase empty = ScratchDatabase.create("probe_empty");
        List<MigrationProbe> all = new LockProbe(url(empty), List.of(Migrations.LOCATION), Duration.ofSeconds(10)).run();
        assertThat(all).as("V1..V10, V2.1 and any later").hasSizeGreaterThanOrEqualTo(11).allSatisfy(p -> assertThat(p.error()).isNull());
        TableLock v6 = all.stream().filter(p -> p.version().equals("6")).findFirst().orElseThrow().tables().get(0);
        assertThat(v6.table()).isEqualTo("public.users");
        assertThat(v6.strongest()).isEqualTo("SHARE UPDATE EXCLUSIVE");
    }
}
