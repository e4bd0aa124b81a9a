package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/k8s/release.sh against a recording kubectl (kustomize is the real one): the migration Job goes first, the
 * rollout only after it completed, and nothing rolls out after a failed or unfinished migration.
 */
class ReleaseScriptTest {

    static String realKubectl;

    @TempDir
    Path temp;

    @BeforeAll
    static void findKubectl() {
        CheckScript.run("kustomize"); // installs kubectl when it is missing, skips when it cannot
        realKubectl = Processes.run(Repo.root(), Map.of(), 30, List.of("sh", "-c", "command -v kubectl")).output().strip();
    }

    private Processes.Result release(String jobSequence, int rolloutExit, String... args) throws IOException {
        Path fake = temp.resolve("kubectl");
        Files.writeString(fake, """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_LOG"
                case "$1" in
                  kustomize) exec "$REAL_KUBECTL" "$@" ;;
                  get)
                    n=$(cat "$FAKE_STATE" 2>/dev/null || echo 0)
                    echo $((n + 1)) > "$FAKE_STATE"
                    IFS='|' read -r -a steps <<< "$FAKE_JOB_SEQUENCE"
                    last=$(( ${#steps[@]} - 1 ))
                    printf '%s' "${steps[$(( n < last ? n : last ))]:-}" ;;
                  logs) echo "migrate: lock_timeout on users, retry budget spent" ;;
                  rollout) exit "$FAKE_ROLLOUT_EXIT" ;;
                esac
                """);
        fake.toFile().setExecutable(true);
        Map<String, String> env = new HashMap<>();
        env.put("KUBECTL", fake.toString());
        env.put("REAL_KUBECTL", realKubectl);
        env.put("FAKE_LOG", temp.resolve("calls.log").toString());
        env.put("FAKE_STATE", temp.resolve("state").toString());
        env.put("FAKE_JOB_SEQUENCE", jobSequence);
        env.put("FAKE_ROLLOUT_EXIT", String.valueOf(rolloutExit));
        env.put("RELEASE_POLL_SECONDS", "0");
        List<String> command = new java.util.ArrayList<>(List.of("bash", Repo.path("infra/k8s/release.sh").toString()));
        command.addAll(List.of(args));
        return Processes.run(Repo.root(), env, 120, command);
    }

    private List<String> calls() throws IOException {
        Path log = temp.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.startsWith("kustomize")).toList() : List.of();
    }

    @Test
    void migratesWaitsThenRollsOut() throws IOException {
        Processes.Result result = release(" | |Complete ", 0, "--overlay", "production", "--version", "1.4.0");
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> calls = calls();
        assertThat(calls).hasSize(7);
        assertThat(calls.get(0)).startsWith("apply -f ").endsWith("-l app.kubernetes.io/component notin (api,backfill-worker)");
        assertThat(calls.subList(1, 4)).allMatch(c -> c.startsWith("get job cutover-migrate-1-4-0 -n cutover-production"));
        assertThat(calls.get(4)).startsWith("apply -f ").endsWith("-l app.kubernetes.io/component!=migration");
        assertThat(calls.get(5)).startsWith("rollout status deployment/cutover-api -n cutover-production");
        assertThat(calls.get(6)).startsWith("rollout status deployment/cutover-backfill-worker");
    }

    @Test
    void aFailedMigrationRollsNothingOutAndShowsItsReport() throws IOException {
        Processes.Result result = release("|FailureTarget Failed ", 0, "--overlay", "staging", "--version", "2.0.0");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("retry budget spent", "migration Job cutover-migrate-2-0-0 failed: nothing was rolled out");
        assertThat(calls()).noneMatch(c -> c.contains("!=migration") || c.startsWith("rollout"));
    }

    @Test
    void aMigrationStillRunningAtTheDeadlineRollsNothingOut() throws IOException {
        Processes.Result result = release("", 0, "--overlay", "staging", "--version", "2.0.0", "--timeout", "0");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("did not finish within 0s");
        assertThat(calls()).noneMatch(c -> c.contains("!=migration") || c.startsWith("rollout"));
    }

    @Test
    void aStuckRolloutSaysHowToUndoIt() throws IOException {
        Processes.Result result = release("Complete ", 1, "--overlay", "staging", "--version", "2.0.0");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("kubectl rollout undo deployment/cutover-api -n cutover-staging");
    }

    @Test
    void dryRunPrintsTheReleasesManifests() throws IOException {
        Processes.Result result = release("", 0, "--overlay", "production", "--version", "3.1.0-rc.2", "--image",
                "registry.internal/team/cutover", "--dry-run");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("name: cutover-migrate-3-1-0-rc-2", "image: registry.internal/team/cutover:3.1.0-rc.2")
                .doesNotContain(":0.1.0");
        assertThat(calls()).isEmpty();
    }

    @Test
    void badArgumentsGetAOneLineReason() throws IOException {
        Processes.Result noOverlay = release("", 0, "--version", "1.0.0");
        assertThat(noOverlay.exitCode()).isEqualTo(1);
        assertThat(noOverlay.output().strip()).isEqualTo("release: --overlay is required (staging or production)");
        Processes.Result badVersion = release("", 0, "--overlay", "staging", "--version", "1.0 beta");
        assertThat(badVersion.output().strip()).startsWith("release: --version must be an image tag");
        Processes.Result unknown = release("", 0, "--overlay", "qa", "--version", "1");
        assertThat(unknown.output().strip()).startsWith("release: no overlay 'qa'");
    }
}
