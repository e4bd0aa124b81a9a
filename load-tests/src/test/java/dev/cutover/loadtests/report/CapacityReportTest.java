package dev.cutover.loadtests.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.loadtests.report.internal.Capacity;
import dev.cutover.loadtests.report.internal.Rate;
import dev.cutover.loadtests.report.internal.RunData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed-model run of three 5 s levels: 2 users at 100 req/s (20 ms each), 4 users at 160 req/s (25 ms), 8 users at
 * 170 req/s but with a slow tail (every 50th request 400 ms), after a 5 s warm-up that would have been the fastest.
 */
class CapacityReportTest {

    private static final long T0 = 1_796_165_000_000L;

    @Test
    void theCapacityIsTheFastestLevelWithinTheBound() {
        Capacity capacity = Capacity.measure(requests(), plans(), 1_000, 250);
        assertThat(capacity.levels()).extracting(Capacity.Level::concurrency).containsExactly(2, 4, 8);
        assertThat(capacity.levels().get(0).rps()).isBetween(99.0, 101.0);
        assertThat(capacity.levels().get(2).latencies().p99()).isEqualTo(400);
        // The 8-user level served more, but its p99 is past the bound: the capacity is the 4-user level's.
        assertThat(capacity.best()).get().extracting(Capacity.Level::concurrency).isEqualTo(4);
        assertThat(capacity.best().get().rps()).isBetween(159.0, 161.0);
        // With a looser bound the 8-user level counts.
        assertThat(Capacity.measure(requests(), plans(), 1_000, 500).best().get().concurrency()).isEqualTo(8);
    }

    @Test
    void aLevelWithAFailedRequestDoesNotCount() {
        List<RunData.Request> requests = new ArrayList<>(requests());
        requests.add(new RunData.Request(T0 + 12_000, T0 + 12_020, "sign up", false));
        assertThat(Capacity.measure(requests, plans(), 1_000, 250).best().get().concurrency()).isEqualTo(2);
    }

    @Test
    void writesTheRateAsTheFractionOfTheCapacity(@TempDir Path dir) throws Exception {
        String printed = measure(dir, "--fraction", "0.4");
        assertThat(printed).contains("capacity level:   4 users:    160.0 req/s")
                .contains("capacity: capacity_rps=160.0 concurrency=4 p99_ms=25 within_bound=true fraction=0.40 rps=64");
        Rate rate = Rate.read(dir).orElseThrow();
        assertThat(rate.rps()).isEqualTo(64);
        assertThat(rate.capacityRps()).isEqualTo(160.0);
        assertThat(rate.describe()).startsWith("64 req/s = 0.40 × the service's capacity for this mix, 160 req/s, "
                + "measured in the same run").contains("4 concurrent users");
    }

    @Test
    void noLevelWithinTheBoundFallsBackToTheHighestThroughputAndSaysSo(@TempDir Path dir) throws Exception {
        String printed = measure(dir, "--p99-ms", "10");
        assertThat(printed).contains("capacity: no level had a p99 within 10 ms and no failed request")
                .contains("capacity: capacity_rps=170.0 concurrency=8 p99_ms=400 within_bound=false");
        assertThat(Rate.read(dir).orElseThrow().describe()).contains("NO level had a p99 within 10 ms");
    }

    @Test
    void noRequestAtAllWritesNoRate(@TempDir Path dir) throws Exception {
        write(dir, List.of());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CapacityReport.commandLine().setErr(new java.io.PrintWriter(err, true))
                .execute("--dir", dir.toString(), "--rate-dir", dir.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("capacity-report: no request completed in any level").hasLineCount(1);
        assertThat(dir.resolve(Rate.FILE)).doesNotExist();
    }

    /** The report on {@link #requests()} in {@code dir}, with these options; it must succeed. */
    private static String measure(Path dir, String... options) throws Exception {
        write(dir, requests());
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--rate-dir", dir.toString()));
        args.addAll(List.of(options));
        return run(0, args.toArray(String[]::new));
    }

    private static String run(int expectedExit, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(printed, true));
            code = CapacityReport.commandLine().execute(args);
        } finally {
            System.setOut(original);
        }
        assertThat(code).as(printed.toString()).isEqualTo(expectedExit);
        return printed.toString();
    }

    private static void write(Path dir, List<RunData.Request> requests) throws Exception {
        StringBuilder csv = new StringBuilder("start_ms,end_ms,request,ok\n");
        for (RunData.Request r : requests) {
            csv.append(r.start()).append(',').append(r.end()).append(',').append(r.name()).append(',')
                    .append(r.ok() ? 1 : 0).append('\n');
        }
        Files.writeString(dir.resolve("requests.csv"), csv);
        StringBuilder levels = new StringBuilder("start_ms,end_ms,concurrency\n");
        for (Capacity.Plan p : plans()) {
            levels.append(p.start()).append(',').append(p.end()).append(',').append(p.concurrency()).append('\n');
        }
        Files.writeString(dir.resolve("levels.csv"), levels);
    }

    private static List<Capacity.Plan> plans() {
        return List.of(new Capacity.Plan(T0, T0 + 5_000, 0), new Capacity.Plan(T0 + 5_000, T0 + 10_000, 2),
                new Capacity.Plan(T0 + 10_000, T0 + 15_000, 4), new Capacity.Plan(T0 + 15_000, T0 + 20_000, 8));
    }

    /** Requests ending evenly at each level's rate; the warm-up at 300 req/s. */
    private static List<RunData.Request> requests() {
        List<RunData.Request> requests = new ArrayList<>();
        add(requests, T0, 5_000, 300, 10, 0);
        add(requests, T0 + 5_000, 5_000, 100, 20, 0);
        add(requests, T0 + 10_000, 5_000, 160, 25, 0);
        add(requests, T0 + 15_000, 5_000, 170, 30, 50);
        return requests;
    }

    private static void add(List<RunData.Request> requests, long from, long millis, int rps, long latency,
                            int slowEvery) {
        int count = (int) (rps * millis / 1000);
        for (int i = 0; i < count; i++) {
            long end = from + i * 1000L / rps;
            long took = slowEvery > 0 && i % slowEvery == 0 ? 400 : latency;
            requests.add(new RunData.Request(end - took, end, "read me", true));
        }
    }
}
