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
 * infra/k8s/release.sh against a recording kubectl (kustomize is the real one): the migration Job and the backfill
 * workers go first, the API only after the Job completed, nothing rolls out after a failed or unfinished migration, a
 * rerun continues from a backfill gate, and every run ends saying which schema version it left the database at.
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

    /** What {@code kubectl logs} of the Job prints in the tests that do not set it: a report of a failed run. */
    private static final String FAILED_LOG = "cutover: V5 users email normalized index: gave up after 12 attempts: "
            + "lock_timeout on users, retry budget spent\\n{\\n  \"status\" : \"failed\",\\n  \"schema_version\" : \"4\"\\n}";
    private static final String WAITING = "02:00:10.000 waiting for backfill users_email_normalized (schema at version 3): "
            + "running %s, 800000 of ~2000000 keys, 5300 rows/s, ETA 3m46s; waited %s of 45m";
    private static final String DONE_LOG = "02:05:00.000 backfill users_email_normalized completed after waiting 5m00s; "
            + "migrating on\\n{\\n  \"status\" : \"ok\",\\n  \"schema_version\" : \"7\",\\n  \"applied\" : [ ]\\n}";
    private static final String GATE_LOG = String.format(WAITING, "42.0%", "44m50s") + "\\ncutover: V4 users email "
            + "normalized not null: backfill users_email_normalized is running at 42.0% after waiting 45m "
            + "(--wait-for-backfills): stopped at its gate, the migrations before it applied; migrate again to continue "
            + "[stopped at the gate of backfill users_email_normalized; schema at version 3, safe to serve; migrate again "
            + "to continue]\\n{\\n  \"status\" : \"waiting_for_backfill\",\\n  \"schema_version\" : \"3\"\\n}";

    /**
     * Runs release.sh with a kubectl that records its calls. {@code jobSequence}: the Job's true conditions at each
     * {@code get job}, '|'-separated, the last repeating; {@code logs}: what {@code kubectl logs} prints after the n-th
     * {@code get job} (n from 0; '|'-separated, the last repeating; \\n for a new line); {@code previous}: the
     * conditions of a Job of the same name that exists before the release applies its own.
     */
    private Processes.Result release(String jobSequence, String logs, String previous, int rolloutExit, String... args)
            throws IOException {
        Path fake = temp.resolve("kubectl");
        Files.writeString(fake, """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_LOG"
                n=$(cat "$FAKE_STATE" 2>/dev/null || echo 0)
                pick() {
                  local steps last
                  IFS='|' read -r -a steps <<< "$1"
                  last=$(( ${#steps[@]} - 1 ))
                  [ "$last" -ge 0 ] || return 0
                  printf '%b' "${steps[$(( $2 < last ? $2 : last ))]}"
                }
                case "$1" in
                  kustomize) exec "$REAL_KUBECTL" "$@" ;;
                  get)
                    if [[ " $* " == *" --ignore-not-found "* ]]; then printf '%s' "$FAKE_PREVIOUS"; exit 0; fi
                    echo $((n + 1)) > "$FAKE_STATE"
                    pick "$FAKE_JOB_SEQUENCE" "$n" ;;
                  logs) pick "$FAKE_LOGS" "$n"; echo ;;
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
        env.put("FAKE_LOGS", logs);
        env.put("FAKE_PREVIOUS", previous);
        env.put("FAKE_ROLLOUT_EXIT", String.valueOf(rolloutExit));
        env.put("RELEASE_POLL_SECONDS", "0");
        List<String> command = new java.util.ArrayList<>(List.of("bash", Repo.path("infra/k8s/release.sh").toString()));
        command.addAll(List.of(args));
        return Processes.run(Repo.root(), env, 120, command);
    }

    private Processes.Result release(String jobSequence, int rolloutExit, String... args) throws IOException {
        return release(jobSequence, FAILED_LOG, "", rolloutExit, args);
    }

    private List<String> calls() throws IOException {
        Path log = temp.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.startsWith("kustomize")).toList() : List.of();
    }

    /** The calls that change the cluster, in order: applies, deletes, rollouts. */
    private List<String> changes() throws IOException {
        return calls().stream().filter(c -> c.startsWith("apply") || c.startsWith("delete") || c.startsWith("rollout"))
                .map(c -> c.replaceAll("^apply -f \\S+", "apply")).toList();
    }

    @Test
    void migratesWithTheWorkersWaitsThenRollsOutTheApiAndSaysWhereTheSchemaIs() throws IOException {
        Processes.Result result = release(" | |Complete ", DONE_LOG, "", 0, "--overlay", "production", "--version", "1.4.0");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(changes()).containsExactly(
                "apply -l app.kubernetes.io/component notin (api)",
                "apply -l app.kubernetes.io/component!=migration",
                "rollout status deployment/cutover-api -n cutover-production --timeout=3600s",
                "rollout status deployment/cutover-backfill-worker -n cutover-production --timeout=3600s");
        assertThat(calls().get(0)).startsWith("get job cutover-migrate-1-4-0 -n cutover-production --ignore-not-found");
        assertThat(calls().stream().filter(c -> c.startsWith("get job cutover-migrate-1-4-0 -n cutover-production -o")))
                .hasSize(3);
        assertThat(result.output()).contains("release: production 1.4.0 is out: database at V7, rollout complete");
    }

    @Test
    void showsTheProgressOfTheBackfillTheJobWaitsFor() throws IOException {
        String logs = String.join("|", "", String.format(WAITING, "12.0%", "10.0s"), String.format(WAITING, "12.0%", "10.0s"),
                String.format(WAITING, "57.0%", "2m10s"), DONE_LOG);
        Processes.Result result = release(" | | | |Complete ", logs, "", 0, "--overlay", "staging", "--version", "2.0.0");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(l -> l.startsWith("release: 02:00:10.000 waiting for backfill "
                + "users_email_normalized (schema at version 3): running ")).toList())
                .as("each new progress line once").hasSize(2);
        assertThat(result.output()).contains("running 57.0%", "completed after waiting 5m00s",
                "database at V7, rollout complete");
    }

    @Test
    void aJobStoppedAtABackfillGateRollsNothingOutAndSaysWhereItLeftTheDatabase() throws IOException {
        Processes.Result result = release(" |Failed ", "|" + GATE_LOG, "", 0, "--overlay", "production", "--version", "1.4.0");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("backfill users_email_normalized is running at 42.0% after waiting 45m",
                "release: database at V3, stopped at a backfill gate (safe to serve): nothing new rolled out",
                "rerun release.sh to continue");
        assertThat(changes()).containsExactly("apply -l app.kubernetes.io/component notin (api)");
    }

    @Test
    void aRerunAfterAStopAtTheGateReplacesThatJobAndContinues() throws IOException {
        Processes.Result result = release("Complete ", GATE_LOG + "|" + DONE_LOG, "Failed ", 0,
                "--overlay", "production", "--version", "1.4.0");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(changes()).startsWith("delete job cutover-migrate-1-4-0 -n cutover-production --wait=true",
                "apply -l app.kubernetes.io/component notin (api)");
        assertThat(result.output()).contains("stopped at a backfill gate earlier; a new one continues from there",
                "database at V7, rollout complete");
    }

    @Test
    void aRerunAfterAnotherFailureLeavesTheJobToAPerson() throws IOException {
        Processes.Result result = release("Complete ", FAILED_LOG, "Failed ", 0, "--overlay", "staging", "--version", "2.0.0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("migration Job cutover-migrate-2-0-0 failed earlier",
                "kubectl delete job cutover-migrate-2-0-0 -n cutover-staging and release again");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aFailedMigrationRollsNothingOutAndShowsItsReport() throws IOException {
        Processes.Result result = release("|FailureTarget Failed ", 0, "--overlay", "staging", "--version", "2.0.0");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("retry budget spent",
                "migration Job cutover-migrate-2-0-0 failed: nothing was rolled out, database at V4");
        assertThat(calls()).noneMatch(c -> c.contains("!=migration") || c.startsWith("rollout"));
    }

    @Test
    void aMigrationStillRunningAtTheDeadlineRollsNothingOutAndSaysWhereItIs() throws IOException {
        Processes.Result result = release("", "|" + String.format(WAITING, "42.0%", "30m"), "", 0,
                "--overlay", "staging", "--version", "2.0.0", "--timeout", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("did not finish within 0s; it goes on in the cluster",
                "release: database at V3, waiting for backfill users_email_normalized (schema at version 3): running 42.0%",
                "rerun release.sh to continue");
        assertThat(calls()).noneMatch(c -> c.contains("!=migration") || c.startsWith("rollout"));
    }

    @Test
    void aStuckRolloutSaysHowToUndoIt() throws IOException {
        Processes.Result result = release("Complete ", DONE_LOG, "", 1, "--overlay", "staging", "--version", "2.0.0");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("database at V7", "kubectl rollout undo deployment/cutover-api -n cutover-staging");
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
