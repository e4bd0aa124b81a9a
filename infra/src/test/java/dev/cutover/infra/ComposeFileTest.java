package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compose stack hangs together (docker compose itself checks the syntax in OfflineChecksTest): the files it
 * mounts and builds from exist, the API waits for the migration, and the migration is the one Kubernetes runs.
 */
class ComposeFileTest {

    static final Path DIR = Repo.path("infra/compose");

    static JsonNode compose() throws IOException {
        return Manifests.YAML.readTree(DIR.resolve("compose.yaml").toFile());
    }

    @Test
    void everyMountedFileAndTheBuildExist() throws IOException {
        JsonNode services = compose().path("services");
        int mounts = 0;
        for (JsonNode service : services) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(DIR.resolve(source).normalize()).exists();
                    mounts++;
                }
            }
            JsonNode build = service.path("build");
            if (!build.isMissingNode()) {
                Path context = DIR.resolve(build.path("context").asText()).normalize();
                assertThat(context.resolve(build.path("dockerfile").asText())).exists();
                if (service.path("image").asText().equals("cutover:local")) {
                    assertThat(context).as("the service image builds from the whole repository").isEqualTo(Repo.root());
                }
            }
        }
        assertThat(mounts).isEqualTo(15);
        for (String script : List.of("initdb-roles.sh", "initdb-replication.sh", "replica-entrypoint.sh", "pgbouncer-start.sh")) {
            assertThat(Files.isExecutable(DIR.resolve(script))).as(script).isTrue();
        }
    }

    /**
     * The rehearsal's topology (issue 30): a streaming replica made by pg_basebackup, PgBouncer in transaction mode
     * between the service and PostgreSQL, the migration straight to PostgreSQL, three API instances behind HAProxy
     * balancing on readiness from the management port.
     */
    @Test
    void theStackRunsTheRehearsalsTopology() throws IOException {
        JsonNode services = compose().path("services");

        JsonNode replica = services.path("postgres-replica");
        assertThat(replica.path("image").asText()).isEqualTo(services.path("postgres").path("image").asText());
        assertThat(replica.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        String entrypoint = Files.readString(DIR.resolve("replica-entrypoint.sh"));
        assertThat(entrypoint).contains("pg_basebackup --host=postgres --username=cutover_replicator",
                "--write-recovery-conf", "--slot=cutover_replica", "exec docker-entrypoint.sh \"$@\"");
        assertThat(replica.path("entrypoint").toString()).contains("/etc/cutover/replica-entrypoint.sh");
        String primaryInit = Files.readString(DIR.resolve("initdb-replication.sh"));
        assertThat(primaryInit).contains("CREATE ROLE cutover_replicator LOGIN REPLICATION",
                "pg_create_physical_replication_slot('cutover_replica')",
                "host replication cutover_replicator all scram-sha-256");
        assertThat(services.path("postgres").path("volumes").toString())
                .contains("./initdb-replication.sh:/docker-entrypoint-initdb.d/20-cutover-replication.sh:ro");
        assertThat(Files.readString(Repo.path("infra/postgres/postgresql.conf"))).containsPattern("(?m)^wal_level = replica$");

        Map<String, String> pgbouncer = ini(Files.readString(DIR.resolve("pgbouncer.ini")));
        assertThat(pgbouncer).containsEntry("pool_mode", "transaction").containsEntry("listen_port", "6432")
                .containsEntry("ignore_startup_parameters", "extra_float_digits,options")
                .containsEntry("cutover", "host=postgres port=5432 dbname=cutover");
        assertThat(services.path("pgbouncer").path("depends_on").path("postgres").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.path("pgbouncer").path("volumes").toString()).contains("./pgbouncer.ini:/etc/cutover/pgbouncer.ini:ro");

        for (String service : List.of("api", "backfill-worker")) {
            Map<String, String> env = environment(services, service);
            assertThat(env.get("DATABASE_URL")).as(service).contains("@pgbouncer:6432/cutover")
                    .startsWith("postgresql://cutover_app:");
            assertThat(env.get("DATABASE_POOLER")).as(service).isEqualTo("transaction");
            assertThat(services.path(service).path("depends_on").path("pgbouncer").path("condition").asText())
                    .as(service).isEqualTo("service_healthy");
        }

        JsonNode migrate = services.path("migrate").path("environment");
        assertThat(migrate.path("DATABASE_URL").asText()).as("the CLI refuses a pooled connection")
                .contains("@postgres:5432/").startsWith("postgresql://cutover_migrator:");
        assertThat(migrate.has("DATABASE_POOLER")).isFalse();

        JsonNode api = services.path("api");
        int replicas = api.path("deploy").path("replicas").asInt();
        assertThat(replicas).isEqualTo(3);
        assertThat(api.has("ports")).as("three instances cannot publish one port; the lb does").isFalse();
        JsonNode lb = services.path("lb");
        assertThat(lb.path("image").asText()).startsWith("haproxy:");
        assertThat(lb.path("ports").toString()).contains("127.0.0.1:8000:8000");
        String haproxy = Files.readString(DIR.resolve("haproxy.cfg"));
        assertThat(haproxy).contains("option httpchk GET /q/health/ready", "http-check expect status 200",
                "default-server inter 500ms fall 3 rise 2 slowstart 10s", "retries 0",
                "server-template api " + replicas + " api:8000 check port 9000");
        // A restart is invisible: readiness goes 503 for longer than HAProxy needs to notice (3 checks, 500 ms apart).
        assertThat(api.path("environment").path("SHUTDOWN_DELAY").asText()).isEqualTo("4s");
        long grace = Long.parseLong(api.path("stop_grace_period").asText().replace("s", ""));
        assertThat(grace).as("stop_grace_period covers the delay and the shutdown timeout (20s)").isGreaterThan(4 + 20);
    }

    /**
     * A service's environment, with what it merges from the API's (the YAML anchor api-environment under "<<", which
     * Jackson reads as the anchor's name) overridden by its own.
     */
    static Map<String, String> environment(JsonNode services, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode own = services.path(service).path("environment");
        if (own.has("<<")) {
            assertThat(own.path("<<").asText()).isEqualTo("api-environment");
            env.putAll(environment(services, "api"));
        }
        own.properties().forEach(e -> {
            if (!e.getKey().equals("<<")) {
                env.put(e.getKey(), e.getValue().asText());
            }
        });
        return env;
    }

    /** The keys of an ini file ({@code key = value}), sections ignored. */
    static Map<String, String> ini(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith(";") && !line.startsWith("[") && eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    /** As release.sh does: the workers start with the migration (it may wait at a backfill gate for them), the API after it. */
    @Test
    void apiStartsOnlyAfterTheMigrationSucceededAndTheWorkerWithIt() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(services.path("api").path("depends_on").path("migrate").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.path("backfill-worker").path("depends_on").has("migrate")).isFalse();
        assertThat(services.path("backfill-worker").path("depends_on").path("pgbouncer").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.path("backfill-worker").path("restart").asText()).isEqualTo("unless-stopped");
        assertThat(services.path("migrate").path("depends_on").path("postgres").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.path("api").path("environment").path("BACKFILL_ENABLED").asText()).isEqualTo("false");
        assertThat(services.path("backfill-worker").path("environment").path("BACKFILL_ENABLED").asText())
                .isEqualTo("true");
    }

    @Test
    void migrationRunsTheSameGuardedCommandAsTheKubernetesJob() throws IOException {
        List<String> compose = new ArrayList<>();
        compose().path("services").path("migrate").path("command").forEach(n -> compose.add(n.asText()));
        JsonNode job = Manifests.YAML.readTree(Repo.path("infra/k8s/base/migrate-job.yaml").toFile());
        JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
        List<String> kubernetes = new ArrayList<>();
        container.path("command").forEach(n -> kubernetes.add(n.asText()));
        container.path("args").forEach(n -> kubernetes.add(n.asText()));
        // The Job adds --format json for log collectors; everything else is identical.
        assertThat(kubernetes.subList(0, kubernetes.size() - 2)).isEqualTo(compose);
        assertThat(kubernetes.subList(kubernetes.size() - 2, kubernetes.size())).containsExactly("--format", "json");
    }

    @Test
    void postgresRunsWithCutoversSettingsAndListensForTheOtherContainers() throws IOException {
        String conf = Files.readString(DIR.resolve("postgresql.conf"));
        assertThat(conf).contains("include '/etc/cutover/postgresql.conf'", "listen_addresses = '*'");
        assertThat(conf.indexOf("include")).as("overrides come after the include").isLessThan(conf.indexOf("shared_buffers"));
        JsonNode postgres = compose().path("services").path("postgres");
        assertThat(postgres.path("image").asText()).isEqualTo("postgres:15");
        assertThat(postgres.path("command").toString()).contains("config_file=/etc/cutover/compose-postgresql.conf");
    }

    @Test
    void grafanaInTheMonitoringProfileHasPrometheusAndTheDashboardProvisioned() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode grafana = services.path("grafana");
        assertThat(grafana.path("profiles").toString()).contains("monitoring");
        List<String> volumes = new ArrayList<>();
        grafana.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).contains("../monitoring/grafana/provisioning:/etc/grafana/provisioning:ro",
                "../monitoring/grafana-dashboard.json:/var/lib/grafana/dashboards/cutover.json:ro");

        Path provisioning = Repo.path("infra/monitoring/grafana/provisioning");
        JsonNode datasource = Manifests.YAML.readTree(provisioning.resolve("datasources/prometheus.yaml").toFile())
                .path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("isDefault").asBoolean()).isTrue();
        String prometheusPort = services.path("prometheus").path("ports").get(0).asText().replaceAll(".*:", "");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:" + prometheusPort);

        JsonNode provider = Manifests.YAML.readTree(provisioning.resolve("dashboards/cutover.yaml").toFile())
                .path("providers").get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        JsonNode dashboard = Manifests.YAML.readTree(Repo.path("infra/monitoring/grafana-dashboard.json").toFile());
        assertThat(dashboard.path("templating").path("list").findValuesAsText("query")).as("picks the data source")
                .contains("prometheus");
    }

    @Test
    void prometheusScrapesTheManagementPort() throws IOException {
        JsonNode config = Manifests.YAML.readTree(Repo.path("infra/monitoring/prometheus.yml").toFile());
        JsonNode cutover = config.path("scrape_configs").get(0);
        assertThat(cutover.path("metrics_path").asText()).isEqualTo("/q/metrics");
        // Every replica of each service (Docker's DNS lists them all), on the management port.
        JsonNode discovery = cutover.path("dns_sd_configs").get(0);
        assertThat(discovery.path("names").toString()).contains("\"api\"", "\"backfill-worker\"");
        assertThat(discovery.path("type").asText()).isEqualTo("A");
        assertThat(discovery.path("port").asInt()).isEqualTo(9000);
    }
}
