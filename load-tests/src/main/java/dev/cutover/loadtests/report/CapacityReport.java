package dev.cutover.loadtests.report;

import dev.cutover.loadtests.report.internal.Capacity;
import dev.cutover.loadtests.report.internal.OneLineErrors;
import dev.cutover.loadtests.report.internal.Rate;
import dev.cutover.loadtests.report.internal.RunData;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Turns a {@code CapacitySimulation} run (requests.csv and levels.csv in {@code --dir}) into the service's capacity
 * for the rehearsal's mix, prints each level and the result, and writes the rehearsal's rate (the capacity times
 * {@code --fraction}) to {@code rate.properties} in {@code --rate-dir}. When no level stayed within the p99 bound
 * without a failed request, the capacity is the highest throughput seen, and the rate's source says so. Exits 1,
 * writing no rate, when no request completed at all.
 */
@Command(name = "capacity-report", mixinStandardHelpOptions = true,
        description = "The service's capacity for the rehearsal's mix, and the rehearsal's rate from it.")
public final class CapacityReport implements Callable<Integer> {

    @Option(names = "--dir", required = true, description = "The capacity run's directory (requests.csv, levels.csv)")
    Path dir;

    @Option(names = "--rate-dir", required = true, description = "Where to write rate.properties")
    Path rateDir;

    @Option(names = "--fraction", description = "The rehearsal's share of the capacity (default: ${DEFAULT-VALUE})")
    double fraction = 0.4;

    @Option(names = "--p99-ms", description = "A level counts when its p99 is within this (default: ${DEFAULT-VALUE})")
    long p99BoundMillis = 250;

    @Option(names = "--settle-ms", description = "Left out at the start of each level (default: ${DEFAULT-VALUE})")
    long settleMillis = 1000;

    @Option(names = "--source", description = "Where the capacity was measured, for the report")
    String source = "in the same run, before the rehearsal, against the same service";

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, printing a failure as one line ({@code capacity-report: <reason>}, exit 1). */
    public static CommandLine commandLine() {
        return OneLineErrors.commandLine(new CapacityReport());
    }

    @Override
    public Integer call() throws Exception {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("--fraction must be in (0, 1], got " + fraction);
        }
        List<Capacity.Plan> plans = RunData.rows(dir.resolve("levels.csv"), 3).stream()
                .map(f -> new Capacity.Plan(Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2])))
                .toList();
        if (plans.isEmpty()) {
            throw new IllegalArgumentException("no levels in " + dir.resolve("levels.csv") + ": did the run start?");
        }
        Capacity capacity = Capacity.measure(RunData.requests(dir.resolve("requests.csv")), plans, settleMillis,
                p99BoundMillis);
        for (Capacity.Level l : capacity.levels()) {
            System.out.printf(Locale.ROOT, "capacity level: %3d users: %,8.1f req/s, p50 %,d ms, p99 %,d ms, max %,d ms, "
                    + "%,d of %,d failed%n", l.concurrency(), l.rps(), l.latencies().p50(), l.latencies().p99(),
                    l.latencies().max(), l.latencies().failed(), l.latencies().count());
        }
        String where;
        Capacity.Level best;
        if (capacity.best().isPresent()) {
            best = capacity.best().get();
            where = String.format(Locale.ROOT, "%s (closed model, the highest throughput of a level with p99 ≤ %,d ms "
                    + "and no failed request: %d concurrent users, p99 %,d ms)", source, p99BoundMillis,
                    best.concurrency(), best.latencies().p99());
        } else {
            // A saturated or noisy machine: rehearse at a share of what it did serve, and say so; the rehearsal's
            // own baseline check (INCONCLUSIVE) still stops a run whose service was saturated before the cutover.
            best = capacity.fastest().orElseThrow(() -> new IllegalStateException(
                    "no request completed in any level: is the service up?"));
            where = String.format(Locale.ROOT, "%s (closed model; NO level had a p99 within %,d ms and no failed "
                    + "request, so this is the highest throughput seen: %d concurrent users, p99 %,d ms)", source,
                    p99BoundMillis, best.concurrency(), best.latencies().p99());
            // On stdout with the levels, so the two stay in order in a log.
            System.out.printf(Locale.ROOT, "capacity: no level had a p99 within %,d ms and no failed request (the "
                    + "machine is saturated or noisy): the capacity is the highest throughput seen%n", p99BoundMillis);
        }
        Rate rate = Rate.ofCapacity(best.rps(), fraction, where);
        rate.write(rateDir);
        System.out.printf(Locale.ROOT, "capacity: capacity_rps=%.1f concurrency=%d p99_ms=%d within_bound=%b "
                + "fraction=%.2f rps=%.0f%n", best.rps(), best.concurrency(), best.latencies().p99(),
                capacity.best().isPresent(), fraction, rate.rps());
        return 0;
    }
}
