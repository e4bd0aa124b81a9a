package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                assertThat(context).isEqualTo(Repo.root());
                assertThat(context.resolve(build.path("dockerfile").asText())).exists();
            }
        }
        assertThat(mounts).isEqualTo(8);
        assertThat(Files.isExecutable(DIR.resolve("initdb-roles.sh"))).isTrue();
    }

    /** As release.sh does: the workers start with the migration (it may wait at a backfill gate for them), the API after it. */
    @Test
    void apiStartsOnlyAfterTheMigrationSucceededAndTheWorkerWithIt() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(services.path("api").path("depends_on").path("migrate").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.path("backfill-worker").path("depends_on").has("migrate")).isFalse();
        assertThat(services.path("backfill-worker").path("depends_on").path("postgres").path("condition").asText())
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
        assertThat(cutover.path("static_configs").get(0).path("targets").toString())
                .contains("api:9000", "backfill-worker:9000").doesNotContain(":8000");
    }
}
