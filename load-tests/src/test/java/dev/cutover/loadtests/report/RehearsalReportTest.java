package dev.cutover.loadtests.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.loadtests.report.internal.RunData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RehearsalReportTest {

    /** 20 req/s for 30 s; a 10 s blocker from t=10 s; the naive ALTER from t=12 s queues everything behind it. */
    @Test
    void aNaiveRunStallsForAsLongAsTheBlockerHoldsTheTable() throws Exception {
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(fixture("naive"), "naive", "naive",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        assertThat(outcome.baseline().max()).isLessThanOrEqualTo(12);
        assertThat(outcome.window().max()).isBetween(8_000L, 8_030L);
        assertThat(outcome.overall().count()).isEqualTo(600);
        assertThat(outcome.verdict().expected()).isTrue();
        assertThat(outcome.verdict().line()).startsWith("verdict: STALLED naive").contains("10,000 ms blocker");
    }

    @Test
    void theSameStallJudgedAsGuardedFails() throws Exception {
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(fixture("naive"), "guarded", "t",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        assertThat(outcome.verdict().expected()).isFalse();
        assertThat(outcome.verdict().line()).startsWith("verdict: FAIL guarded").contains("max latency");
    }

    @Test
    void aGuardedRunWithBriefWaitsPasses() throws Exception {
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(fixture("guarded"), "guarded", "guarded",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        assertThat(outcome.window().max()).isBetween(50L, 110L);
        assertThat(outcome.verdict().expected()).isTrue();
        assertThat(outcome.verdict().line()).startsWith("verdict: PASS guarded");
        // The same run with no margin and a 10 ms lock_timeout is too slow: the limit is real.
        RehearsalReport.Outcome strict = RehearsalReport.evaluate(fixture("guarded"), "guarded", "g",
                new RehearsalReport.Limits(10, 0, 1_000, 60_000));
        assertThat(strict.verdict().expected()).isFalse();
    }

    @Test
    void aGuardedRunWhoseMigrationFailedFails() throws Exception {
        RunData data = fixture("guarded");
        List<RunData.Event> events = new java.util.ArrayList<>(data.events());
        events.add(new RunData.Event(events.get(events.size() - 1).at(), "migration_end", "failed: retry budget spent"));
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(new RunData(data.requests(), events, data.locks()),
                "guarded", "g",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        assertThat(outcome.verdict().expected()).isFalse();
        assertThat(outcome.verdict().line()).contains("retry budget spent");
    }

    @Test
    void aRunWhoseBaselineWasAlreadySlowIsInconclusive() throws Exception {
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(fixture("guarded"), "guarded", "g",
                new RehearsalReport.Limits(100, 500, 10, 60_000));
        assertThat(outcome.verdict().expected()).isFalse();
        assertThat(outcome.verdict().line()).startsWith("verdict: INCONCLUSIVE guarded: baseline p99 12 ms");
    }

    @Test
    void writesMarkdownAndSvgAndExitsByVerdict(@TempDir Path dir) throws Exception {
        for (String file : List.of("requests.csv", "events.csv", "locks.csv")) {
            Files.copy(Path.of("src/test/resources/rehearsal/naive").resolve(file), dir.resolve(file));
        }
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int naive;
        int guarded;
        try {
            System.setOut(new PrintStream(printed, true));
            naive = RehearsalReport.commandLine().execute("--dir", dir.toString(), "--mode", "naive");
            guarded = RehearsalReport.commandLine().execute("--dir", dir.toString(), "--mode", "guarded");
        } finally {
            System.setOut(original);
        }
        assertThat(naive).isZero();
        assertThat(guarded).isEqualTo(RehearsalReport.NOT_AS_EXPECTED);
        assertThat(printed.toString()).contains("verdict: STALLED naive").contains("verdict: FAIL guarded");
        String markdown = Files.readString(dir.resolve("report.md"));
        assertThat(markdown).contains("![latency and throughput over time](report.svg)")
                .contains("| whole run | 600 | 0 |").contains("| blocker_start | 10s |");
        String svg = Files.readString(dir.resolve("report.svg"));
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("blocker transaction").contains("stroke=\"#d62728\"");
        assertThat(svg.split("<path").length).isGreaterThan(4);
    }

    @Test
    void aDirectoryWithoutRequestsIsAOneLineError(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RehearsalReport.commandLine().setErr(new java.io.PrintWriter(err, true)).execute("--dir", dir.toString(), "--mode", "naive");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("rehearsal-report: no requests.csv in").hasLineCount(1);
    }

    private static RunData fixture(String name) throws Exception {
        return RunData.read(Path.of("src/test/resources/rehearsal").resolve(name));
    }
}
