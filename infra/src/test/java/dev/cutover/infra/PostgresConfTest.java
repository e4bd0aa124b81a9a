package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** infra/postgres/postgresql.conf: every setting has its reason, and max_connections covers the pools deployed. */
class PostgresConfTest {

    static final Pattern SETTING = Pattern.compile("^([a-z_.]+)\\s*=\\s*(.+?)\\s*$");

    static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Repo.read("infra/postgres/postgresql.conf").split("\n")) {
            Matcher m = SETTING.matcher(line);
            if (m.matches()) {
                settings.put(m.group(1), m.group(2));
            }
        }
        return settings;
    }

    @Test
    void everySettingFollowsACommentGivingItsReason() {
        String[] lines = Repo.read("infra/postgres/postgresql.conf").split("\n");
        int settings = 0;
        for (int i = 0; i < lines.length; i++) {
            if (SETTING.matcher(lines[i]).matches()) {
                settings++;
                int j = i - 1;
                while (j >= 0 && SETTING.matcher(lines[j]).matches()) {
                    j--; // a group of related settings shares the comment above it
                }
                assertThat(j >= 0 && lines[j].startsWith("# ") && !lines[j].startsWith("# ----"))
                        .as("line %d (%s) has a reason in the comment above it", i + 1, lines[i]).isTrue();
            }
        }
        assertThat(settings).isGreaterThanOrEqualTo(25);
        assertThat(settings()).containsKeys("max_connections", "shared_buffers", "work_mem", "maintenance_work_mem",
                "idle_in_transaction_session_timeout", "log_lock_waits", "deadlock_timeout", "log_min_duration_statement",
                "autovacuum_vacuum_scale_factor", "shared_preload_libraries", "track_io_timing", "max_wal_size");
        assertThat(settings().get("shared_preload_libraries")).contains("pg_stat_statements");
    }

    /** Production's HPA maximum times the pool, plus workers, migration, exporter, people and the reserve, fits. */
    @Test
    void maxConnectionsCoversEveryPoolAtProductionsMaximumScale() {
        CheckScript.run("kustomize");
        Manifests production = Manifests.load("production");
        int apiPods = production.get("HorizontalPodAutoscaler", "cutover-api").path("spec").path("maxReplicas").asInt();
        JsonNode api = production.get("Deployment", "cutover-api").path("spec").path("template").path("spec")
                .path("containers").get(0);
        JsonNode worker = production.get("Deployment", "cutover-backfill-worker");
        // Each instance opens its pool and, beside it, the connections its short reads are pipelined on.
        int apiPool = Integer.parseInt(production.env(api, "DATABASE_POOL_SIZE"))
                + Integer.parseInt(production.env(api, "DATABASE_PIPELINED_READ_CONNECTIONS"));
        JsonNode workerContainer = worker.path("spec").path("template").path("spec").path("containers").get(0);
        int workerPool = Integer.parseInt(production.env(workerContainer, "DATABASE_POOL_SIZE"))
                + Integer.parseInt(production.env(workerContainer, "DATABASE_PIPELINED_READ_CONNECTIONS"));
        int workers = worker.path("spec").path("replicas").asInt();
        int migration = 2;
        int exporter = 2;
        int people = 10;
        int reserved = Integer.parseInt(settings().get("superuser_reserved_connections"));
        int needed = apiPods * apiPool + workers * workerPool + migration + exporter + people + reserved;
        assertThat(Integer.parseInt(settings().get("max_connections"))).isGreaterThanOrEqualTo(needed);
    }
}
