package dev.cutover.loadtests.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The takeover rehearsal at CI scale, end to end: a FastAPI-template database of 20,000 seeded users, the template's
 * SQL replayed by pgbench throughout, a 10 s transaction on {@code "user"}, the adoption run naive (the old service
 * must stall) and guarded with {@code ./cutover adopt} (neither the old service nor Cutover, started after the expand
 * phase, may fail a request or slow past the limit), through {@code load-tests/ci-rehearsal.sh --scenario takeover}.
 * It needs a PostgreSQL server it may create databases on ({@code CUTOVER_TEST_DATABASE_URL}), psql, pgbench and curl,
 * and the adoption's steps (db/adopt/fastapi-template); without them it is skipped, saying why.
 */
class TakeoverRehearsalIT {

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void naiveAdoptionStallsTheOldServiceAndGuardedKeepsBothFlowing() throws Exception {
        String server = System.getenv("CUTOVER_TEST_DATABASE_URL");
        assumeTrue(server != null && !server.isBlank(),
                "CUTOVER_TEST_DATABASE_URL is not set: the rehearsal needs a PostgreSQL server of its own");
        assumeTrue(CiRehearsal.onPath("psql") && CiRehearsal.onPath("pgbench") && CiRehearsal.onPath("curl"),
                "the takeover rehearsal needs psql, pgbench and curl on the PATH");
        assumeTrue(Files.isDirectory(CiRehearsal.root().resolve("migrations/src/main/resources/db/adopt/fastapi-template")),
                "this build has no adoption steps (db/adopt/fastapi-template): nothing to rehearse yet");

        CiRehearsal.Result run = CiRehearsal.run("takeover-rehearsal.log", server, List.of("--scenario", "takeover",
                "--users", "20000", "--blocker-seconds", "10", "--side-by-side", "5"), 18);

        assertThat(run.ended()).as("the rehearsal ended within 18 minutes (log: %s)", run.log()).isTrue();
        assertThat(run.exitCode()).as("the rehearsal's exit code; its log: %s%n%s", run.log(), run.tail()).isZero();
        assertThat(run.output()).contains("verdict: STALLED naive: old service:")
                .contains("verdict: PASS guarded: old service:").contains("| Cutover: ");
    }
}
