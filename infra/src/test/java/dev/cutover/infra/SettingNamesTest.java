package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One name per setting: the environment variables the service reads (application.properties and its config source
 * factories) are exactly the README's configuration table, and the manifests and compose set no other name.
 */
class SettingNamesTest {

    static final String PROPERTIES = "service/src/main/resources/application.properties";
    /** Read by the service's config source factories rather than by a ${...} in application.properties. */
    static final Set<String> READ_IN_CODE = Set.of("DATABASE_URL", "OTEL_EXPORTER_OTLP_ENDPOINT", "BACKEND_CORS_ORIGINS");
    /** What the image's launcher reads (infra/docker), not the service. */
    static final Set<String> LAUNCHER = Set.of("JAVA_OPTS", "CUTOVER_JAVA_OPTS", "CUTOVER_HOME", "JAVA");

    @BeforeAll
    static void render() {
        CheckScript.run("kustomize");
    }

    static Set<String> readmeTable() {
        Set<String> names = new TreeSet<>();
        String readme = Repo.read("README.md");
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Changing the schema"));
        for (String line : table.split("\n")) {
            if (line.startsWith("| `")) {
                Matcher name = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(line.split("\\|")[1]);
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        return names;
    }

    static Set<String> readByTheService() {
        Set<String> names = new TreeSet<>(READ_IN_CODE);
        Matcher reference = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)[:}]").matcher(Repo.read(PROPERTIES));
        while (reference.find()) {
            names.add(reference.group(1));
        }
        return names;
    }

    @Test
    void theReadmeListsExactlyTheSettingsTheServiceReads() {
        assertThat(readByTheService()).hasSizeGreaterThan(20).isEqualTo(readmeTable());
    }

    @Test
    void kubernetesSetsOnlyTheReadmesNames() {
        for (String overlay : new String[] {"staging", "production", KubernetesManifestsTest.CNPG}) {
            Manifests m = Manifests.load(overlay);
            Set<String> set = new TreeSet<>();
            for (JsonNode map : m.ofKind("ConfigMap")) {
                map.path("data").fieldNames().forEachRemaining(set::add);
            }
            for (String deployment : new String[] {"cutover-api", "cutover-backfill-worker"}) {
                for (JsonNode c : m.get("Deployment", deployment).path("spec").path("template").path("spec")
                        .path("containers")) {
                    c.path("env").forEach(e -> set.add(e.path("name").asText()));
                }
            }
            // The CloudNativePG component's credentials, only expanded into DATABASE_URL.
            set.removeIf(name -> name.startsWith("CNPG_"));
            assertThat(set).as(overlay).isNotEmpty().isSubsetOf(readmeTable())
                    .contains("BACKFILL_ENABLED", "SHUTDOWN_TIMEOUT", "MANAGEMENT_PORT");
        }
    }

    @Test
    void composeSetsOnlyTheReadmesNamesForTheService() throws IOException {
        JsonNode services = ComposeFileTest.compose().path("services");
        for (String service : new String[] {"api", "backfill-worker"}) {
            Set<String> set = new TreeSet<>();
            services.path(service).path("environment").fieldNames().forEachRemaining(set::add);
            set.remove("<<"); // the worker merges the API's environment (a YAML anchor), checked with the API
            assertThat(set).as(service).isNotEmpty().isSubsetOf(readmeTable());
        }
    }

    @Test
    void theImageSetsOnlyTheReadmesNamesAndItsLaunchersOwn() {
        Set<String> set = new TreeSet<>();
        for (DockerfileTest.Instruction env : DockerfileTest.of("ENV")) {
            Matcher assignment = Pattern.compile("([A-Z][A-Z0-9_]*)=").matcher(env.arguments().replaceAll("\"[^\"]*\"", ""));
            while (assignment.find()) {
                set.add(assignment.group(1));
            }
        }
        set.remove("LANG");
        set.removeAll(LAUNCHER);
        assertThat(set).isNotEmpty().isSubsetOf(readmeTable());
    }
}
