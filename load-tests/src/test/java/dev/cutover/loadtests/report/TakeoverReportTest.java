package dev.cutover.loadtests.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a takeover rehearsal: the old service (pgbench) runs from the start, a 10 s blocker opens at t=20 s,
 * the adoption runs from t=22 s to t=40 s, Cutover's traffic starts at t=25 s, slow in its first 3 s (JVM warm-up), and both run to t=60 s.
 */
class TakeoverReportTest {

    private static final long T0 = 1_796_165_000_000L;

    @Test
    void theOldServiceStallingBehindTheNaiveRenameIsAStall(@TempDir Path dir) throws Exception {
        write(dir, 8_000, false, 22_000);
        String printed = report(dir, "naive", 0);
        assertThat(printed).contains("verdict: STALLED naive: old service: max latency 8,0")
                .contains("| Cutover: max latency").contains("(10,000 ms blocker; the first migration step queued behind it for up to 8,000 ms)")
                .contains("old service, baseline:").contains("Cutover, whole run:");
        String markdown = Files.readString(dir.resolve("report.md"));
        assertThat(markdown).contains("| old service: baseline (before the blocker) | 200 | 0 |")
                .contains("| Cutover: baseline (after the cutover window) |")
                .contains("pgbench replaying the FastAPI template's SQL");
        String svg = Files.readString(dir.resolve("report.svg"));
        assertThat(svg).contains("old service p99").contains("stroke=\"#17becf\"").contains("stroke-dasharray=\"6,3\"");
    }

    @Test
    void bothSourcesFlowingIsAPassAndCutoversWarmUpIsNotJudged(@TempDir Path dir) throws Exception {
        write(dir, 60, false, 22_000);
        String printed = report(dir, "guarded", 0);
        assertThat(printed).contains("verdict: PASS guarded: old service: 1,200 requests, 0 failed; max 60 ms")
                .contains("| Cutover: 350 requests, 0 failed; max 15 ms during the cutover; by kind")
                .contains("read me 15/300 ms");
        // The same run judged naive did not reproduce the incident.
        assertThat(report(dir, "naive", RehearsalReport.NOT_AS_EXPECTED)).contains("verdict: NO STALL naive");
    }

    @Test
    void anOldServiceClientAbortedOnAnErrorFailsTheGuardedRun(@TempDir Path dir) throws Exception {
        write(dir, 60, true, 22_000);
        assertThat(report(dir, "guarded", RehearsalReport.NOT_AS_EXPECTED))
                .contains("verdict: FAIL guarded: old service: 1 failed requests");
    }

    /** On a loaded machine the first step starts late: the stall to expect is what is left of the blocker. */
    @Test
    void aStepThatStartedLateIsJudgedByHowLongItCouldQueue(@TempDir Path dir) throws Exception {
        write(dir, 3_000, false, 27_000);
        assertThat(report(dir, "naive", 0)).contains("verdict: STALLED naive: old service: max latency 3,000 ms")
                .contains("queued behind it for up to 3,000 ms");
    }

    /** Between the expand and the contract no migration runs: the window pauses, a slow second there is not judged. */
    @Test
    void slownessWhileTheWindowIsPausedIsNotJudged(@TempDir Path dir) throws Exception {
        write(dir, 60, false, 22_000);
        Path log = dir.resolve("pgbench/log.778");
        long slowStart = T0 + 33_000;
        java.nio.file.Files.writeString(log, String.format(Locale.ROOT, "0 1 %d 0 %d %d 0%n", 3_000_000L,
                (slowStart + 3_000) / 1000, (slowStart + 3_000) % 1000 * 1000));
        assertThat(report(dir, "guarded", RehearsalReport.NOT_AS_EXPECTED)).contains("max latency 3,000 ms > 605 ms");
        Files.writeString(dir.resolve("events.csv"), Files.readString(dir.resolve("events.csv"))
                + (T0 + 31_000) + ",window_pause,side by side\n" + (T0 + 38_000) + ",window_resume,contract\n");
        assertThat(report(dir, "guarded", 0)).contains("verdict: PASS guarded: old service: 1,201 requests");
    }

    private static String report(Path dir, String mode, int expectedExit) {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(printed, true));
            code = RehearsalReport.commandLine().execute("--dir", dir.toString(), "--mode", mode,
                    "--blocker-seconds", "10");
        } finally {
            System.setOut(original);
        }
        assertThat(code).as(printed.toString()).isEqualTo(expectedExit);
        return printed.toString();
    }

    /**
     * Old service 20 tx/s for 60 s, latency 5 ms; those started from the step's start to the blocker's end wait up to
     * {@code stallMillis}.
     */
    private static void write(Path dir, long stallMillis, boolean abortOne, long stepAt) throws Exception {
        Path pgbench = Files.createDirectories(dir.resolve("pgbench"));
        Files.writeString(pgbench.resolve("scripts.txt"), "read me\nupdate me\n");
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 1_200; i++) {
            long start = T0 + i * 50L;
            long latency = start >= T0 + stepAt && start < T0 + 30_000
                    ? Math.max(5, stallMillis - (start - T0 - stepAt)) : 5;
            long end = start + latency;
            log.append(String.format(Locale.ROOT, "%d %d %d %d %d %d 0%n", i % 8, i, latency * 1000, i % 2,
                    end / 1000, end % 1000 * 1000));
        }
        Files.writeString(pgbench.resolve("log.777"), log);
        if (abortOne) {
            Files.writeString(pgbench.resolve("aborted.csv"), (T0 + 41_000) + ",client 1 aborted: ERROR: boom\n");
        }
        StringBuilder requests = new StringBuilder("start_ms,end_ms,request,ok\n");
        for (int i = 0; i < 350; i++) {
            long start = T0 + 25_000 + i * 100L;
            long latency = i < 30 ? 2_000 : 15;  // the fresh JVM's first 3 s
            requests.append(start).append(',').append(start + latency).append(",read me,1\n");
        }
        Files.writeString(dir.resolve("requests.csv"), requests);
        Files.writeString(dir.resolve("events.csv"), "at_ms,event,detail\n"
                + (T0 + 20_000) + ",blocker_start,10s\n"
                + (T0 + 22_000) + ",migration_start,takeover\n"
                + (T0 + stepAt) + ",step_start,adopt V1\n"
                + (T0 + 30_000) + ",blocker_end,\n"
                + (T0 + 23_000) + ",cutover_start,\n"
                + (T0 + 40_000) + ",migration_end,ok\n");
        Files.writeString(dir.resolve("locks.csv"), "at_ms,waiting,ddl_waiting,ungranted,longest_wait_s\n"
                + (T0 + 25_000) + ",8,1,9,3.0\n");
    }
}
