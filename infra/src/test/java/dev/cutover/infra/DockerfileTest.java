package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The image's Dockerfile, checked as far as possible without a Docker daemon: its instructions, and that what it
 * copies is where the build puts it (the Quarkus fast-jar layout, the CLI jar, the scripts).
 */
class DockerfileTest {

    static final String DOCKERFILE = "infra/docker/service.Dockerfile";
    static final int IMAGE_UID = 10001;

    record Instruction(String keyword, String arguments) {
    }

    static List<Instruction> instructions() {
        List<Instruction> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Repo.read(DOCKERFILE).split("\n")) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            result.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).strip()));
        }
        return result;
    }

    static List<Instruction> of(String keyword) {
        return instructions().stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    @Test
    void runsAsTheNonRootUserTheKubernetesManifestsExpect() {
        List<Instruction> users = of("USER");
        assertThat(users).hasSize(1);
        assertThat(users.get(0).arguments()).isEqualTo(IMAGE_UID + ":" + IMAGE_UID);
        assertThat(instructions().get(instructions().size() - 1).keyword()).isIn("CMD", "ENTRYPOINT");
        assertThat(of("RUN")).anySatisfy(run -> assertThat(run.arguments()).contains("useradd", "--uid " + IMAGE_UID,
                "--gid " + IMAGE_UID));
    }

    @Test
    void buildsForJava17InAJdkStageAndRunsOnAJava25RuntimeImageWithExplicitTags() {
        List<Instruction> from = of("FROM");
        assertThat(from).hasSize(2);
        assertThat(from.get(0).arguments()).matches("eclipse-temurin:17-jdk-[a-z]+ AS build");
        assertThat(from.get(1).arguments()).as("JDK 25: the AOT cache needs 24 or later").matches("eclipse-temurin:25-jre-[a-z]+");
        assertThat(of("RUN").get(0).arguments()).as("the jars are built with the Maven wrapper, in the image")
                .contains("--mount=type=cache,target=/root/.m2", "./mvnw", "-pl service -am package");
    }

    @Test
    void healthCheckCallsTheLivenessScriptAndTheServiceIsTheDefaultCommand() {
        assertThat(of("HEALTHCHECK")).singleElement().extracting(Instruction::arguments).asString()
                .contains("CMD [\"/usr/local/bin/cutover-healthcheck\"]");
        assertThat(of("CMD")).singleElement().extracting(Instruction::arguments)
                .isEqualTo("[\"/usr/local/bin/cutover-service\"]");
        assertThat(of("EXPOSE")).singleElement().extracting(Instruction::arguments).isEqualTo("8000 9000");
        assertThat(of("ENV").get(0).arguments()).contains("MaxRAMPercentage", "ExitOnOutOfMemoryError", "PORT=8000",
                "MANAGEMENT_PORT=9000");
    }

    @Test
    void theRuntimeStageTrainsTheAotCacheWithItsOwnJvmAfterCopyingTheJarsAndLeavesNoDatabaseBehind() {
        assertThat(of("RUN").get(0).arguments()).as("the JDK of the build stage would make an archive the JRE ignores")
                .contains("-Dquarkus.package.jar.appcds.enabled=false");
        List<Instruction> all = instructions();
        int training = -1;
        int lastJarCopy = -1;
        int options = -1;
        for (int i = 0; i < all.size(); i++) {
            String arguments = all.get(i).arguments();
            if (all.get(i).keyword().equals("RUN") && arguments.contains("train-aot.sh")) {
                training = i;
                assertThat(arguments).contains("apt-get install", "postgresql", "pg_ctlcluster", "cd /opt/cutover/service",
                        "DATABASE_URL=", "apt-get purge", "rm -rf /var/lib/apt/lists/* /var/lib/postgresql",
                        "test -s app.aot");
            }
            if (all.get(i).keyword().equals("COPY") && arguments.contains("/src/service/target/quarkus-app/")) {
                lastJarCopy = i;
            }
            if (all.get(i).keyword().equals("ENV") && arguments.contains("JAVA_OPTS=")) {
                options = i;
            }
        }
        assertThat(training).as("the cache is trained after the jars it describes are in place").isGreaterThan(lastJarCopy);
        assertThat(lastJarCopy).isPositive();
        assertThat(options).as("and with the JVM options the service runs with").isBetween(0, training);
        assertThat(Repo.path("infra/docker/train-aot.sh")).isExecutable();
    }

    @Test
    void copiesTheFastJarLayoutFromTheBuildStageInLayersFromLeastToMostChanged() {
        List<String> sources = new ArrayList<>();
        for (Instruction copy : of("COPY")) {
            if (copy.arguments().startsWith("--from=build ")) {
                String[] words = copy.arguments().split("\\s+");
                sources.add(words[words.length - 2]);
            }
        }
        assertThat(sources).containsSubsequence(
                "/src/service/target/quarkus-app/lib/",
                "/src/service/target/quarkus-app/quarkus-run.jar",
                "/src/service/target/quarkus-app/quarkus/",
                "/src/service/target/quarkus-app/app/");
        assertThat(sources).contains("/src/cutover-cli.jar", "/src/service/target/cutover-service-sbom.cdx.json");
    }

    @Test
    void everyScriptItCopiesExistsAndIsExecutable() {
        Pattern script = Pattern.compile("COPY --chmod=0755 (\\S+) (\\S+)");
        int count = 0;
        for (Instruction copy : of("COPY")) {
            Matcher matcher = script.matcher("COPY " + copy.arguments());
            if (matcher.matches()) {
                Path source = Repo.path(matcher.group(1));
                assertThat(source).exists();
                assertThat(Files.isExecutable(source)).as("%s is executable", source).isTrue();
                count++;
            }
        }
        assertThat(count).isEqualTo(4);
    }

    @Test
    void dockerIgnoreSendsTheSourcesButNoBuildOutputs() {
        String ignore = Repo.read(DOCKERFILE + ".dockerignore");
        assertThat(ignore).contains("**/target/", ".git/").doesNotContain("\n*\n");
    }

    /** After a package build (a full `./mvnw verify` builds the service before this module), the paths are real. */
    @Test
    void copiedBuildOutputsExistAfterPackaging() throws Exception {
        Path app = Repo.path("service/target/quarkus-app");
        Assumptions.assumeTrue(Files.isDirectory(app), "service not packaged in this build; run ./mvnw package first");
        for (String part : List.of("lib", "quarkus", "app", "quarkus-run.jar")) {
            assertThat(app.resolve(part)).exists();
        }
        assertThat(Repo.path("service/target/cutover-service-sbom.cdx.json")).as("the CycloneDX SBOM").exists();
        try (var jars = Files.list(Repo.path("migrations/target"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.matches("cutover-migrations-.*-cli\\.jar"));
        }
    }
}
