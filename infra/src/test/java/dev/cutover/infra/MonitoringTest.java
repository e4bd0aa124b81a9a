package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring files beyond the alert rules (promtool tests those): the dashboard's PromQL parses, the
 * postgres_exporter queries run on PostgreSQL and see a real lock queue, and every runbook link has its section.
 */
class MonitoringTest {

    @TempDir
    Path temp;

    static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Repo.path("infra/monitoring/grafana-dashboard.json").toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
        }
        return queries;
    }

    private Processes.Result promtoolCheck(List<String> queries) throws IOException {
        CheckScript.run("alerts"); // installs promtool when it is missing, skips when it cannot
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:query_").append(i).append('\n')
                    .append("        expr: '").append(queries.get(i).replace("'", "''")).append("'\n");
        }
        Path file = temp.resolve("dashboard-rules.yaml");
        Files.writeString(file, rules);
        return Processes.run(Repo.root(), Map.of(), 60, List.of("promtool", "check", "rules", file.toString()));
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws IOException {
        List<String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(12);
        Processes.Result result = promtoolCheck(queries);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void theDashboardCheckCatchesABrokenQuery() throws IOException {
        assertThat(promtoolCheck(List.of("sum(rate(http_server_requests_seconds_count[5m])")).exitCode()).isNotZero();
    }

    /** query name -> (SQL, metric columns), from infra/monitoring/postgres-exporter-queries.yaml. */
    static Map<String, Map.Entry<String, Set<String>>> exporterQueries() throws IOException {
        JsonNode file = Manifests.YAML.readTree(Repo.path("infra/monitoring/postgres-exporter-queries.yaml").toFile());
        Map<String, Map.Entry<String, Set<String>>> queries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> q : file.properties()) {
            Set<String> columns = new TreeSet<>();
            for (JsonNode metric : q.getValue().path("metrics")) {
                columns.addAll(metric.propertyStream().map(Map.Entry::getKey).toList());
            }
            queries.put(q.getKey(), Map.entry(q.getValue().path("query").asText(), columns));
        }
        return queries;
    }

    static Map<String, Double> runExporterQueries(Connection c) throws SQLException, IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, Map.Entry<String, Set<String>>> q : exporterQueries().entrySet()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q.getValue().getKey())) {
                ResultSetMetaData meta = rs.getMetaData();
                Set<String> columns = new TreeSet<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
                assertThat(columns).as(q.getKey()).isEqualTo(q.getValue().getValue());
                assertThat(rs.next()).as(q.getKey() + " returns a row").isTrue();
                for (String column : columns) {
                    metrics.put(q.getKey() + "_" + column, rs.getDouble(column));
                }
                assertThat(rs.next()).as(q.getKey() + " returns one row").isFalse();
            }
        }
        return metrics;
    }

    /** The incident's shape: a transaction reads users, an ALTER queues behind it; the exporter's metrics see both. */
    @Test
    void exporterQueriesRunOnPostgresAndSeeAnAlterQueuedBehindAnOpenTransaction() throws Exception {
        ScratchDatabase db = ScratchDatabase.create("infra_exporter");
        try (Connection setup = db.connect(); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text)");
        }
        try (Connection reader = db.connect(); Connection migrator = db.connect(); Connection monitor = db.connect()) {
            Map<String, Double> before = runExporterQueries(monitor);
            assertThat(before).containsKeys("cutover_pg_lock_waits_sessions", "cutover_pg_ddl_lock_waits_sessions",
                    "cutover_pg_oldest_xact_age_seconds", "cutover_pg_oldest_xact_idle_in_transaction_seconds");

            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.executeQuery("SELECT count(*) FROM users").close();
            }
            CompletableFuture<Void> alter = CompletableFuture.runAsync(() -> {
                try (Statement s = migrator.createStatement()) {
                    s.execute("ALTER TABLE users ADD COLUMN email_normalized text");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            waitForLockWait(monitor);
            Thread.sleep(1_100);

            Map<String, Double> during = runExporterQueries(monitor);
            assertThat(during.get("cutover_pg_lock_waits_sessions")).isGreaterThanOrEqualTo(1.0);
            assertThat(during.get("cutover_pg_lock_waits_max_wait_seconds")).isGreaterThanOrEqualTo(1.0);
            assertThat(during.get("cutover_pg_ddl_lock_waits_sessions")).isGreaterThanOrEqualTo(1.0);
            assertThat(during.get("cutover_pg_oldest_xact_age_seconds")).isGreaterThanOrEqualTo(1.0);
            assertThat(during.get("cutover_pg_oldest_xact_idle_in_transaction_seconds")).isGreaterThanOrEqualTo(1.0);
            assertThat(during.get("cutover_pg_oldest_xact_xmin_age_xids")).isGreaterThanOrEqualTo(0.0);

            reader.rollback();
            alter.get();
        }
    }

    private static void waitForLockWait(Connection monitor) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Statement s = monitor.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock'"
                            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the ALTER never queued for its lock");
    }

    @Test
    void everyRunbookLinkHasItsSectionInTheReadme() {
        Set<String> anchors = ReadmeLinksTest.anchors(Repo.path("infra/README.md"));
        Matcher runbook = Pattern.compile("runbook: \"infra/README\\.md#([a-z0-9-]+)\"").matcher(Repo.read("infra/monitoring/alerts.yaml"));
        int links = 0;
        while (runbook.find()) {
            assertThat(anchors).contains(runbook.group(1));
            links++;
        }
        assertThat(links).isEqualTo(14);
    }
}
