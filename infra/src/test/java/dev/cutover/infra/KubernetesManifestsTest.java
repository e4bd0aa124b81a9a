package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each overlay renders with kubectl kustomize, is valid Kubernetes, and keeps the deployment's safety rules. */
class KubernetesManifestsTest {

    static final String SECRET = "cutover-secrets";
    static final Set<String> SECRET_KEYS =
            Set.of("DATABASE_URL", "SECRET_KEY", "FIRST_SUPERUSER_PASSWORD", "MIGRATION_DATABASE_URL");

    @BeforeAll
    static void render() {
        CheckScript.run("kustomize");
    }

    static Stream<String> overlays() {
        return Stream.of("staging", "production");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsValidAgainstTheKubernetesSchema(String overlay) {
        Manifests m = Manifests.load(overlay);
        assertThat(m.all()).hasSizeGreaterThanOrEqualTo(8);
        List<String> problems = new ArrayList<>();
        for (JsonNode o : m.all()) {
            String problem = KubernetesSchema.problem(o);
            if (problem != null) {
                problems.add(problem);
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    /** The management port (metrics, health, backfill control) opens to the monitoring namespace only. */
    @ParameterizedTest
    @MethodSource("overlays")
    void theManagementPortIsOpenToTheMonitoringNamespaceOnly(String overlay) {
        Manifests m = Manifests.load(overlay);
        List<JsonNode> policies = m.ofKind("NetworkPolicy");
        assertThat(policies).hasSize(1);
        JsonNode spec = policies.get(0).path("spec");
        assertThat(spec.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText()).isEqualTo("cutover");
        assertThat(spec.path("policyTypes").toString()).isEqualTo("[\"Ingress\"]");
        int managementRules = 0;
        for (JsonNode rule : spec.path("ingress")) {
            List<String> ports = new ArrayList<>();
            rule.path("ports").forEach(p -> ports.add(p.path("port").asText()));
            if (ports.contains("management") || ports.contains("9000")) {
                managementRules++;
                assertThat(ports).containsExactly("management");
                assertThat(rule.path("from")).hasSize(1);
                JsonNode from = rule.path("from").get(0);
                assertThat(from.has("podSelector")).as("no pod selector: kustomize would add Cutover's labels").isFalse();
                assertThat(from.path("namespaceSelector").path("matchLabels").toString())
                        .isEqualTo("{\"kubernetes.io/metadata.name\":\"monitoring\"}");
            } else {
                assertThat(ports).as("every other rule opens the API port only").containsExactly("http");
            }
        }
        assertThat(managementRules).isEqualTo(1);
        for (JsonNode pod : m.podSpecs()) {
            for (JsonNode c : pod.path("containers")) {
                for (JsonNode port : c.path("ports")) {
                    assertThat(port.path("name").asText()).as("the policy names the ports").isIn("http", "management");
                }
            }
        }
    }

    @Test
    void schemaCheckRejectsAMisspelledField() {
        JsonNode deployment = Manifests.load("staging").get("Deployment", "cutover-api").deepCopy();
        ObjectNode httpGet = (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0)
                .path("readinessProbe").path("httpGet");
        httpGet.set("paht", httpGet.remove("path"));
        assertThat(KubernetesSchema.problem(deployment)).contains("paht");

        ObjectNode job = (ObjectNode) Manifests.load("staging").ofKind("Job").get(0).deepCopy();
        ((ObjectNode) job.path("spec")).remove("template");
        assertThat(KubernetesSchema.problem(job)).contains("template");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretValuesOnlyReferencesToOneSecret(String overlay) {
        Manifests m = Manifests.load(overlay);
        assertThat(m.ofKind("Secret")).isEmpty();
        Set<String> keys = new HashSet<>();
        for (JsonNode pod : m.podSpecs()) {
            for (JsonNode c : pod.path("containers")) {
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        assertThat(ref.path("name").asText()).isEqualTo(SECRET);
                        keys.add(ref.path("key").asText());
                    }
                }
            }
        }
        assertThat(keys).isEqualTo(SECRET_KEYS);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodRunsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String overlay) {
        Manifests m = Manifests.load(overlay);
        assertThat(m.podSpecs()).hasSize(3);
        for (JsonNode pod : m.podSpecs()) {
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(DockerfileTest.IMAGE_UID);
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
            Set<String> emptyDirs = new HashSet<>();
            pod.path("volumes").forEach(v -> {
                if (v.has("emptyDir")) {
                    emptyDirs.add(v.path("name").asText());
                }
            });
            for (JsonNode c : pod.path("containers")) {
                JsonNode security = c.path("securityContext");
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
                assertThat(security.path("capabilities").path("drop").toString()).contains("ALL");
                assertThat(c.path("volumeMounts").findValuesAsText("mountPath")).contains("/tmp");
                for (JsonNode mount : c.path("volumeMounts")) {
                    assertThat(emptyDirs).contains(mount.path("name").asText());
                }
                assertThat(c.path("resources").path("requests").has("cpu")).isTrue();
                assertThat(c.path("resources").path("limits").path("memory").asText())
                        .isEqualTo(c.path("resources").path("requests").path("memory").asText());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void apiRollsOutWithoutLosingCapacityAndShutsDownGracefully(String overlay) {
        Manifests m = Manifests.load(overlay);
        JsonNode api = m.get("Deployment", "cutover-api");
        assertThat(api.path("spec").has("replicas")).as("the HPA owns the replica count").isFalse();
        JsonNode rolling = api.path("spec").path("strategy").path("rollingUpdate");
        assertThat(rolling.path("maxSurge").asInt()).isEqualTo(1);
        assertThat(rolling.path("maxUnavailable").asInt()).isZero();

        JsonNode pod = api.path("spec").path("template").path("spec");
        JsonNode c = pod.path("containers").get(0);
        assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(c.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("management");
        }
        assertThat(api.path("spec").path("template").path("metadata").path("annotations").path("prometheus.io/port")
                .asText()).isEqualTo(String.valueOf(containerPort(c, "management")));
        assertThat(m.get("Service", "cutover-api").path("spec").path("ports").findValuesAsText("targetPort"))
                .as("the API's Service routes to the API port only").containsExactly("http");
        assertThat(m.env(c, "BACKFILL_ENABLED")).isEqualTo("false");

        List<String> preStop = new ArrayList<>();
        c.path("lifecycle").path("preStop").path("exec").path("command").forEach(n -> preStop.add(n.asText()));
        assertThat(preStop).hasSize(2).startsWith("sleep");
        long sleep = Long.parseLong(preStop.get(1));
        long shutdown = Duration.parse("PT" + m.env(c, "SHUTDOWN_TIMEOUT").toUpperCase()).toSeconds();
        assertThat(pod.path("terminationGracePeriodSeconds").asLong())
                .as("grace period covers the preStop sleep and Quarkus' shutdown timeout")
                .isGreaterThan(sleep + shutdown);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void serviceHpaAndPdbCoverTheApiPodsAndNotTheWorkers(String overlay) {
        Manifests m = Manifests.load(overlay);
        JsonNode apiLabels = m.get("Deployment", "cutover-api").path("spec").path("template").path("metadata").path("labels");
        JsonNode workerLabels = m.get("Deployment", "cutover-backfill-worker").path("spec").path("template")
                .path("metadata").path("labels");
        JsonNode serviceSelector = m.get("Service", "cutover-api").path("spec").path("selector");
        JsonNode pdbSelector = m.get("PodDisruptionBudget", "cutover-api").path("spec").path("selector").path("matchLabels");
        for (JsonNode selector : List.of(serviceSelector, pdbSelector)) {
            assertThat(selects(selector, apiLabels)).isTrue();
            assertThat(selects(selector, workerLabels)).isFalse();
        }
        JsonNode hpa = m.get("HorizontalPodAutoscaler", "cutover-api").path("spec");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("cutover-api");
        assertThat(hpa.path("minReplicas").asInt()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(hpa.path("maxReplicas").asInt());

        JsonNode worker = m.get("Deployment", "cutover-backfill-worker");
        JsonNode workerContainer = worker.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(m.env(workerContainer, "BACKFILL_ENABLED")).isEqualTo("true");
        assertThat(worker.path("spec").path("replicas").asInt()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void migrationJobRunsTheGuardedMigrateOfTheSameImageOnce(String overlay) {
        Manifests m = Manifests.load(overlay);
        List<JsonNode> jobs = m.ofKind("Job");
        assertThat(jobs).hasSize(1);
        JsonNode job = jobs.get(0);
        JsonNode pod = job.path("spec").path("template").path("spec");
        JsonNode c = pod.path("containers").get(0);
        List<String> command = new ArrayList<>();
        c.path("command").forEach(n -> command.add(n.asText()));
        c.path("args").forEach(n -> command.add(n.asText()));
        assertThat(String.join(" ", command)).startsWith("cutover migrate ")
                .contains("--lock-timeout 100ms", "--retry-budget 10m", "--blockers wait");
        assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
        assertThat(job.path("spec").path("backoffLimit").asInt(-1)).isZero();
        JsonNode url = null;
        for (JsonNode e : c.path("env")) {
            if ("DATABASE_URL".equals(e.path("name").asText())) {
                url = e;
            }
        }
        assertThat(url).as("the Job's DATABASE_URL").isNotNull();
        assertThat(url.path("valueFrom").path("secretKeyRef").path("key").asText())
                .as("migrations connect as the migration role").isEqualTo("MIGRATION_DATABASE_URL");

        String image = c.path("image").asText();
        for (JsonNode d : m.ofKind("Deployment")) {
            assertThat(d.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText())
                    .isEqualTo(image);
        }
        String tag = image.substring(image.lastIndexOf(':') + 1);
        assertThat(job.path("metadata").path("name").asText())
                .as("each release's Job has its own name")
                .isEqualTo("cutover-migrate-" + tag.replace('.', '-'));
    }

    /** The component for the first release on a FastAPI-template database changes the Job's command and nothing else. */
    @Test
    void theAdoptComponentMakesTheMigrationJobRunTheGuardedAdoption() {
        Manifests staging = Manifests.load("staging");
        Manifests adopt = Manifests.load("staging+adopt-fastapi-template");
        JsonNode job = adopt.ofKind("Job").get(0);
        JsonNode c = job.path("spec").path("template").path("spec").path("containers").get(0);
        List<String> command = new ArrayList<>();
        c.path("command").forEach(n -> command.add(n.asText()));
        c.path("args").forEach(n -> command.add(n.asText()));
        assertThat(String.join(" ", command)).startsWith("cutover adopt ")
                .contains("--lock-timeout 100ms", "--retry-budget 10m", "--blockers wait", "--backfills run");
        assertThat(job.path("spec").path("activeDeadlineSeconds").asInt())
                .isGreaterThan(staging.ofKind("Job").get(0).path("spec").path("activeDeadlineSeconds").asInt());
        assertThat(adopt.all()).hasSameSizeAs(staging.all());
        assertThat(adopt.ofKind("Deployment")).isEqualTo(staging.ofKind("Deployment"));
    }

    /**
     * release.sh applies everything but the api component first: the Job, what it needs, and the backfill workers it
     * waits for at a backfill gate.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void whatTheMigrationJobNeedsIsAppliedWithIt(String overlay) {
        Manifests m = Manifests.load(overlay);
        Set<String> rolledOutLater = Set.of("api");
        JsonNode pod = m.ofKind("Job").get(0).path("spec").path("template").path("spec");
        JsonNode account = m.get("ServiceAccount", pod.path("serviceAccountName").asText());
        assertThat(account.path("metadata").path("labels").path("app.kubernetes.io/component").asText()).isNotIn(rolledOutLater);
        assertThat(m.ofKind("Job").get(0).path("metadata").path("labels").path("app.kubernetes.io/component").asText())
                .isEqualTo("migration");
        for (JsonNode o : m.all()) {
            String component = o.path("metadata").path("labels").path("app.kubernetes.io/component").asText();
            if (List.of("Service", "HorizontalPodAutoscaler", "PodDisruptionBudget").contains(o.path("kind").asText())) {
                assertThat(component).as("%s is rolled out after the migration", o.path("metadata").path("name").asText())
                        .isIn(rolledOutLater);
            }
        }
        assertThat(m.get("Deployment", "cutover-api").path("metadata").path("labels").path("app.kubernetes.io/component")
                .asText()).isIn(rolledOutLater);
        assertThat(m.get("Deployment", "cutover-backfill-worker").path("metadata").path("labels")
                .path("app.kubernetes.io/component").asText()).as("the workers go with the Job").isNotIn(rolledOutLater);
    }

    /**
     * At a backfill gate the Job waits for the workers, bounded, and ends by itself with its report (exit 4, the
     * schema version) before its deadline would kill it; release.sh waits as long by default.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theJobWaitsForBackfillsWithinItsDeadline(String overlay) throws IOException {
        JsonNode job = Manifests.load(overlay).ofKind("Job").get(0);
        List<String> args = new ArrayList<>();
        job.path("spec").path("template").path("spec").path("containers").get(0).path("args").forEach(n -> args.add(n.asText()));
        int flag = args.indexOf("--wait-for-backfills");
        assertThat(flag).as("cutover migrate --wait-for-backfills").isPositive();
        assertThat(args.get(flag + 1)).isEqualTo("45m");
        Duration guardBudget = Duration.ofMinutes(10); // --retry-budget, asserted above
        long deadline = job.path("spec").path("activeDeadlineSeconds").asLong();
        assertThat(Duration.ofMinutes(45).plus(guardBudget).toSeconds()).isLessThan(deadline);
        String release = Files.readString(Repo.path("infra/k8s/release.sh"));
        assertThat(release).contains("timeout=" + deadline + "\n");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsInTheOverlaysNamespace(String overlay) {
        Manifests m = Manifests.load(overlay);
        for (JsonNode o : m.all()) {
            assertThat(o.path("metadata").path("namespace").asText()).isEqualTo("cutover-" + overlay);
        }
    }

    @Test
    void productionIsLargerThanStaging() {
        Manifests staging = Manifests.load("staging");
        Manifests production = Manifests.load("production");
        int stagingMax = staging.get("HorizontalPodAutoscaler", "cutover-api").path("spec").path("maxReplicas").asInt();
        int productionMin = production.get("HorizontalPodAutoscaler", "cutover-api").path("spec").path("minReplicas").asInt();
        int productionMax = production.get("HorizontalPodAutoscaler", "cutover-api").path("spec").path("maxReplicas").asInt();
        assertThat(productionMin).isGreaterThanOrEqualTo(3);
        assertThat(productionMax).isGreaterThan(stagingMax);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        assertThat(selector.isEmpty()).as("empty selector").isFalse();
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    @Test
    void serviceMonitorComponentScrapesTheManagementPortOfEveryPod() {
        Manifests m = Manifests.load("production-servicemonitor");
        JsonNode service = m.get("Service", "cutover-metrics");
        assertThat(KubernetesSchema.problem(service)).isNull();
        assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("management");
        for (String deployment : List.of("cutover-api", "cutover-backfill-worker")) {
            JsonNode labels = m.get("Deployment", deployment).path("spec").path("template").path("metadata").path("labels");
            assertThat(selects(service.path("spec").path("selector"), labels)).as(deployment).isTrue();
        }
        JsonNode monitor = m.get("ServiceMonitor", "cutover");
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(selects(monitor.path("spec").path("selector").path("matchLabels"), service.path("metadata").path("labels")))
                .isTrue();
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("management");
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(Manifests.load("production").find("ServiceMonitor", "cutover")).as("optional: off by default").isEmpty();
    }

    // ---- components/cloudnative-pg: no CloudNativePG CRD schema is reachable offline, so its objects are checked
    // by structure; everything else it renders must still be valid Kubernetes.

    static final String CNPG = "production-cloudnative-pg";

    @Test
    void cloudNativePgRunsAPrimaryAndTwoReplicasBehindATransactionPooler() {
        Manifests m = Manifests.load(CNPG);
        List<JsonNode> clusters = m.ofKind("Cluster");
        assertThat(clusters).hasSize(1);
        JsonNode cluster = clusters.get(0);
        assertThat(cluster.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.path("spec").path("instances").asInt()).as("one primary, two replicas").isEqualTo(3);
        assertThat(cluster.path("spec").path("imageName").asText()).matches("ghcr\\.io/cloudnative-pg/postgresql:15(\\..*)?");

        List<JsonNode> poolers = m.ofKind("Pooler");
        assertThat(poolers).hasSize(1);
        JsonNode pooler = poolers.get(0);
        assertThat(pooler.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
        JsonNode spec = pooler.path("spec");
        assertThat(spec.path("cluster").path("name").asText()).isEqualTo(name(cluster));
        assertThat(spec.path("type").asText()).as("in front of the primary").isEqualTo("rw");
        assertThat(spec.path("pgbouncer").path("poolMode").asText()).isEqualTo("transaction");
        assertThat(spec.path("instances").asInt()).as("one PgBouncer pod may restart while another serves")
                .isGreaterThanOrEqualTo(2);
        assertThat(name(pooler)).as("CloudNativePG refuses a Pooler named as its Cluster").isNotEqualTo(name(cluster));

        for (JsonNode o : m.all()) {
            assertThat(o.path("metadata").path("namespace").asText()).isEqualTo("cutover-production");
            if (!o.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
                assertThat(KubernetesSchema.problem(o)).isNull();
            }
        }
        for (JsonNode database : List.of(cluster, pooler)) {
            assertThat(database.path("metadata").path("labels").path("app.kubernetes.io/component").asText())
                    .as("release.sh applies it with the migration Job").isEqualTo("database");
        }
        assertThat(Manifests.load("production").ofKind("Cluster")).as("optional: off by default").isEmpty();
    }

    /** The service goes through PgBouncer as the app role; the migration goes straight to the primary (-rw). */
    @Test
    void cloudNativePgServiceUsesThePoolerAndTheMigrationJobThePrimary() {
        Manifests m = Manifests.load(CNPG);
        JsonNode cluster = m.ofKind("Cluster").get(0);
        String pooler = name(m.ofKind("Pooler").get(0));
        JsonNode appRole = managedRole(cluster, "cutover_app");
        String appSecret = appRole.path("passwordSecret").path("name").asText();
        assertThat(appSecret).isNotEmpty();

        for (String deployment : List.of("cutover-api", "cutover-backfill-worker")) {
            JsonNode c = m.get("Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, JsonNode> env = envByName(c);
            String url = env.get("DATABASE_URL").path("value").asText();
            assertThat(url).as(deployment).isEqualTo(
                    "postgresql://$(CNPG_APP_USER):$(CNPG_APP_PASSWORD)@" + pooler + ":5432/cutover");
            List<String> order = new ArrayList<>(env.keySet());
            for (String credential : List.of("CNPG_APP_USER", "CNPG_APP_PASSWORD")) {
                assertThat(order.indexOf(credential)).as("Kubernetes expands $(%s) only when defined earlier", credential)
                        .isGreaterThanOrEqualTo(0).isLessThan(order.indexOf("DATABASE_URL"));
                assertThat(env.get(credential).path("valueFrom").path("secretKeyRef").path("name").asText())
                        .isEqualTo(appSecret);
            }
            assertThat(env.get("CNPG_APP_USER").path("valueFrom").path("secretKeyRef").path("key").asText())
                    .isEqualTo("username");
            assertThat(env.get("CNPG_APP_PASSWORD").path("valueFrom").path("secretKeyRef").path("key").asText())
                    .isEqualTo("password");
            assertThat(m.env(c, "DATABASE_POOLER")).as(deployment).isEqualTo("transaction");
        }

        JsonNode job = m.ofKind("Job").get(0).path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, JsonNode> env = envByName(job);
        JsonNode ref = env.get("DATABASE_URL").path("valueFrom").path("secretKeyRef");
        // CloudNativePG's <cluster>-app Secret: the database owner's credentials, its uri to the <cluster>-rw Service.
        assertThat(ref.path("name").asText()).isEqualTo(name(cluster) + "-app");
        assertThat(ref.path("key").asText()).isEqualTo("uri");
        assertThat(cluster.path("spec").path("bootstrap").path("initdb").path("owner").asText())
                .as("the -app Secret is the owner's: the migrator").isEqualTo("cutover_migrator");
        assertThat(cluster.path("spec").path("bootstrap").path("initdb").path("database").asText()).isEqualTo("cutover");
        assertThat(m.env(job, "DATABASE_POOLER")).as("the CLI refuses a pooled connection").isNull();
        assertThat(job.path("envFrom").isEmpty()).isTrue();

        // Nothing else changes: the same objects as production, the workloads differing in their env only.
        Manifests production = Manifests.load("production");
        assertThat(m.all()).hasSize(production.all().size() + 2);
        for (JsonNode workload : production.podSpecs()) {
            assertThat(workload.path("containers").get(0).path("image").asText()).isEqualTo(job.path("image").asText());
        }
        for (String deployment : List.of("cutover-api", "cutover-backfill-worker")) {
            assertThat(withoutEnv(m.get("Deployment", deployment))).isEqualTo(withoutEnv(production.get("Deployment", deployment)));
        }
        assertThat(withoutEnv(m.ofKind("Job").get(0))).isEqualTo(withoutEnv(production.ofKind("Job").get(0)));
    }

    /** postgres/postgresql.conf and postgres/roles.sql, carried over as far as CloudNativePG lets them. */
    @Test
    void cloudNativePgClusterHasTheProjectsSettingsAndRoles() throws IOException {
        JsonNode cluster = Manifests.load(CNPG).ofKind("Cluster").get(0).path("spec");

        Map<String, String> conf = new TreeMap<>();
        Pattern setting = Pattern.compile("^([a-z_.]+)\\s*=\\s*'?(.*?)'?\\s*$");
        for (String line : Files.readAllLines(Repo.path("infra/postgres/postgresql.conf"))) {
            Matcher match = setting.matcher(line);
            if (match.matches()) {
                conf.put(match.group(1), match.group(2));
            }
        }
        // What the operator owns: it loads pg_stat_statements because pg_stat_statements.* is set, fixes wal_level,
        // and logs in CSV (no prefix).
        Set<String> operators = Set.of("shared_preload_libraries", "wal_level", "log_line_prefix");
        assertThat(conf).containsKeys(operators.toArray(String[]::new)).hasSizeGreaterThan(30);
        conf.keySet().removeAll(operators);
        assertThat(conf).containsKey("pg_stat_statements.max");
        Map<String, String> parameters = new TreeMap<>();
        cluster.path("postgresql").path("parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
        assertThat(parameters).isEqualTo(conf);

        List<String> sql = new ArrayList<>();
        cluster.path("bootstrap").path("initdb").path("postInitApplicationSQL").forEach(n -> sql.add(n.asText()));
        List<String> expected = new ArrayList<>();
        Pattern alterRole = Pattern.compile("^ALTER ROLE :\"(\\w+)_role\" SET (.+);$");
        Pattern membership = Pattern.compile("^GRANT (pg_\\w+(?:, pg_\\w+)*) TO :\"(\\w+)_role\";$");
        for (String line : Files.readAllLines(Repo.path("infra/postgres/roles.sql"))) {
            Matcher alter = alterRole.matcher(line);
            Matcher grant = membership.matcher(line);
            if (alter.matches()) {
                expected.add("ALTER ROLE cutover_" + alter.group(1) + " SET " + alter.group(2));
            } else if (grant.matches()) {
                expected.add("GRANT " + grant.group(1) + " TO cutover_" + grant.group(2));
            }
        }
        assertThat(expected).as("roles.sql's per-role settings and memberships").hasSizeGreaterThan(15)
                .contains("GRANT pg_read_all_stats TO cutover_app");
        assertThat(sql).containsAll(expected);
        // The operator reconciles memberships of managed roles to what they declare: the app role keeps its grant.
        assertThat(managedRole(cluster.path("managed").path("roles"), "cutover_app").path("inRoles").toString())
                .contains("pg_read_all_stats");
        for (JsonNode role : cluster.path("managed").path("roles")) {
            assertThat(role.path("superuser").asBoolean(true)).as(role.path("name").asText()).isFalse();
        }
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    private static JsonNode managedRole(JsonNode clusterOrRoles, String role) {
        JsonNode roles = clusterOrRoles.isArray() ? clusterOrRoles
                : clusterOrRoles.path("spec").path("managed").path("roles");
        for (JsonNode r : roles) {
            if (role.equals(r.path("name").asText())) {
                return r;
            }
        }
        throw new AssertionError("no managed role " + role);
    }

    private static Map<String, JsonNode> envByName(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static JsonNode withoutEnv(JsonNode workload) {
        ObjectNode copy = workload.deepCopy();
        for (JsonNode c : copy.path("spec").path("template").path("spec").path("containers")) {
            ((ObjectNode) c).remove("env");
        }
        return copy;
    }
}
