package dev.cutover.loadtests.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.loadtests.report.internal.BackfillCost;
import dev.cutover.loadtests.report.internal.Rate;
import dev.cutover.loadtests.report.internal.RunData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /** The guarded fixture's worst request during the cutover is 50-110 ms: an absolute bound below it fails it. */
    @Test
    void aGuardedRunSlowerThanTheAbsoluteBoundFails() throws Exception {
        RehearsalReport.Limits limits = new RehearsalReport.Limits(100, 500, 1_000, 60_000);
        RehearsalReport.Outcome within = RehearsalReport.evaluate(fixture("guarded"), "guarded", "g",
                limits.withMaxMillis(300));
        assertThat(within.verdict().line()).startsWith("verdict: PASS guarded").contains("and 300 ms (--max-ms)");
        RehearsalReport.Outcome beyond = RehearsalReport.evaluate(fixture("guarded"), "guarded", "g",
                limits.withMaxMillis(40));
        assertThat(beyond.verdict().expected()).isFalse();
        assertThat(beyond.verdict().line()).startsWith("verdict: FAIL guarded: max latency")
                .contains("> 40 ms (--max-ms)");
        assertThat(beyond.summary()).contains(" verdict=FAIL ").contains(" bound_ms=40 ");
        // The bound is the guarded run's: the naive verdict is unchanged by it.
        assertThat(RehearsalReport.evaluate(fixture("naive"), "naive", "n", limits.withMaxMillis(40)).verdict().line())
                .startsWith("verdict: STALLED naive");
    }

    /** A kind slower than the absolute bound before the cutover (sign-ups hashing for 400 ms) is held to its own. */
    @Test
    void aKindThatWasSlowBeforeTheCutoverIsJudgedAgainstItsOwnBaseline() throws Exception {
        RunData slowSignUps = withSignUpsTaking(fixture("guarded"), 400, 400);
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(slowSignUps, "guarded", "g",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000).withMaxMillis(300));
        assertThat(outcome.window().max()).isEqualTo(400);
        assertThat(outcome.verdict().line()).startsWith("verdict: PASS guarded").contains("sign up 400/400 ms");
        // Slower during the cutover than it ever was before, it fails, by name.
        RehearsalReport.Outcome slower = RehearsalReport.evaluate(withSignUpsTaking(fixture("guarded"), 400, 450),
                "guarded", "g", new RehearsalReport.Limits(100, 500, 1_000, 60_000).withMaxMillis(300));
        assertThat(slower.verdict().line()).startsWith("verdict: FAIL guarded: max latency 450 ms > 400 ms (--max-ms, "
                + "raised to the kind's own baseline max), sign up");
    }

    /** A fast kind that slowed down fails, though a slow kind lifted the whole traffic's baseline p99 above it. */
    @Test
    void aFastKindCannotHideBehindASlowOne() throws Exception {
        RunData data = withSignUpsTaking(fixture("guarded"), 900, 900);
        long blockerStart = data.events().stream().filter(e -> e.name().equals("blocker_start")).findFirst()
                .orElseThrow().at();
        List<RunData.Request> requests = data.requests().stream()
                .map(r -> r.name().equals("read me") && r.start() >= blockerStart && r.start() < blockerStart + 2_000
                        ? new RunData.Request(r.start(), r.start() + 700, r.name(), true) : r)
                .toList();
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(
                new RunData(requests, data.events(), data.locks()), "guarded", "g",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        assertThat(outcome.baseline().p99()).isEqualTo(900);
        assertThat(outcome.verdict().line()).startsWith("verdict: FAIL guarded: max latency 700 ms > ")
                .contains(", read me (baseline p99 ");
    }

    /** The run with its sign-ups taking {@code baselineMillis} before the blocker and {@code windowMillis} after. */
    private static RunData withSignUpsTaking(RunData data, long baselineMillis, long windowMillis) {
        long blockerStart = data.events().stream().filter(e -> e.name().equals("blocker_start")).findFirst()
                .orElseThrow().at();
        List<RunData.Request> requests = data.requests().stream()
                .map(r -> r.name().equals("sign up") ? new RunData.Request(r.start(),
                        r.start() + (r.start() < blockerStart ? baselineMillis : windowMillis), r.name(), r.ok()) : r)
                .toList();
        return new RunData(requests, data.events(), data.locks());
    }

    /** 600 requests at 20 req/s; the backfill runs from t=20.1 s to t=23.0 s over 1,000 rows. */
    @Test
    void reportsTheRateItsCapacityAndWhatTheBackfillCost() throws Exception {
        RunData data = fixture("guarded");
        List<RunData.Event> events = new java.util.ArrayList<>();
        for (RunData.Event e : data.events()) {
            events.add(e.name().equals("backfill_end") ? new RunData.Event(e.at(), e.name(), "ok rows=1000") : e);
        }
        events.add(new RunData.Event(events.get(0).at(), "loadavg", "3.50 2.00 1.00"));
        events.add(new RunData.Event(events.get(0).at() + 1, "loadavg", "1.25 2.00 1.00"));
        events.sort(java.util.Comparator.comparingLong(RunData.Event::at));
        Rate rate = Rate.ofCapacity(500, 0.4, "in the same run");
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(new RunData(data.requests(), events, data.locks()),
                "guarded", "g", new RehearsalReport.Limits(100, 500, 1_000, 60_000).withMaxMillis(300),
                Optional.of(rate));
        BackfillCost backfill = outcome.backfill().orElseThrow();
        assertThat(backfill.durationMillis()).isEqualTo(2_900);
        assertThat(backfill.rowsPerSecond()).isBetween(344.0, 346.0);
        assertThat(backfill.rpsRatio()).isBetween(0.9, 1.1);
        assertThat(outcome.summary()).startsWith("rehearsal mode=guarded capacity_rps=500.0 fraction=0.40 rps=200 "
                + "verdict=PASS max_ms=").contains(" bound_ms=300 failed=0 requests=600 ")
                .contains(" backfill_rows=1000 backfill_s=2.9 backfill_rows_per_s=345 ").endsWith(" load1=3.50");
        assertThat(outcome.markdown()).contains("Rate: 200 req/s = 0.40 × the service's capacity for this mix, "
                + "500 req/s, measured in the same run.").contains("The backfill: 1,000 rows in 2.9 s (345 rows/s)")
                .contains("no request during the cutover (backfill included) may take longer than 300 ms");
        // A naive run has no derived figures to give: they are "-".
        RehearsalReport.Outcome plain = RehearsalReport.evaluate(fixture("naive"), "naive", "n",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        assertThat(plain.summary()).startsWith("rehearsal mode=naive capacity_rps=- fraction=- rps=- verdict=STALLED")
                .contains(" bound_ms=- ").endsWith(" load1=-");
        assertThat(RehearsalReport.evaluate(fixture("guarded"), "naive", "n",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000)).summary()).contains(" verdict=NO_STALL ");
    }

    /** Every request that arrived during the backfill answered only after it: the served rate there drops. */
    @Test
    void aBackfillThatHeldTheServiceBackShowsInTheServedRate() throws Exception {
        RunData data = fixture("guarded");
        long from = data.first("backfill_start").orElseThrow().at();
        long to = data.first("backfill_end").orElseThrow().at();
        List<RunData.Request> held = data.requests().stream().map(r -> r.start() >= from && r.start() < to
                ? new RunData.Request(r.start(), to + 400, r.name(), r.ok()) : r).toList();
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(new RunData(held, data.events(), data.locks()),
                "guarded", "g", new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        BackfillCost backfill = outcome.backfill().orElseThrow();
        assertThat(backfill.rpsRatio()).isLessThan(0.1);
        assertThat(backfill.during().max()).isGreaterThan(400);
        assertThat(outcome.summary()).contains(" backfill_rows=- ").contains(" backfill_rows_per_s=- ");
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

    /** The one-command path (migrate --wait-for-backfills with the service's workers) is judged as guarded is. */
    @Test
    void theOneCommandPathIsJudgedAsTheGuardedOneAndCountsFailuresByKind() throws Exception {
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(fixture("guarded"), "one-command", "o",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        assertThat(outcome.verdict().expected()).isTrue();
        assertThat(outcome.verdict().line()).startsWith("verdict: PASS one-command: 600 requests, 0 failed")
                .contains("failed by kind: read me 0/150, read user by id 0/150, sign up 0/150, update me 0/150")
                .contains("lock queue: up to 0 sessions waiting behind a lock in 0 of 15 samples");
        assertThat(outcome.summary()).startsWith("rehearsal mode=one-command ")
                .contains(" failed_by_kind=read_me:0/150,read_user_by_id:0/150,sign_up:0/150,update_me:0/150 ")
                .contains(" lock_queue_max=0 lock_wait_max_s=0.0 ");
        assertThat(outcome.markdown()).contains("| kind of request | sent | failed |").contains("| update me | 150 | 0 |");
    }

    /** One failed rename among 600 requests fails the cutover, and the verdict names its kind. */
    @Test
    void oneFailedRequestOfAnyKindFailsTheGuardedAndOneCommandRuns() throws Exception {
        RunData data = fixture("guarded");
        long blocker = data.first("blocker_start").orElseThrow().at();
        boolean[] failedOne = {false};
        List<RunData.Request> requests = data.requests().stream().map(r -> {
            if (!failedOne[0] && r.name().equals("update me") && r.start() > blocker) {
                failedOne[0] = true;
                return new RunData.Request(r.start(), r.end(), r.name(), false);
            }
            return r;
        }).toList();
        for (String mode : List.of("guarded", "one-command")) {
            RehearsalReport.Outcome outcome = RehearsalReport.evaluate(new RunData(requests, data.events(),
                    data.locks()), mode, "f", new RehearsalReport.Limits(100, 500, 1_000, 60_000));
            assertThat(outcome.verdict().expected()).isFalse();
            assertThat(outcome.verdict().line()).startsWith("verdict: FAIL " + mode + ": update me: 1 of 150 failed")
                    .contains("update me 1/150");
            assertThat(outcome.summary()).contains(" failed=1 ").contains("update_me:1/150");
        }
    }

    /**
     * Traffic that queued behind a lock for seconds (the naive run's samples) fails a guarded run even where no
     * request was slow enough to show it: the sampler sees the queue itself.
     */
    @Test
    void aLockQueueFailsTheGuardedRun() throws Exception {
        RunData guarded = fixture("guarded");
        RunData queued = new RunData(guarded.requests(), guarded.events(), fixture("naive").locks());
        RehearsalReport.Outcome outcome = RehearsalReport.evaluate(queued, "guarded", "q",
                new RehearsalReport.Limits(100, 500, 1_000, 60_000));
        assertThat(outcome.verdict().expected()).isFalse();
        assertThat(outcome.verdict().line()).startsWith("verdict: FAIL guarded: a lock queue formed (up to ")
                .contains("> 600 ms)");
        // A queue shorter than lock_timeout + margin is the guard working: the fixture's own samples pass.
        assertThat(RehearsalReport.evaluate(guarded, "guarded", "g", new RehearsalReport.Limits(100, 500, 1_000,
                60_000)).verdict().expected()).isTrue();
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
