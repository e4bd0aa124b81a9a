package dev.cutover.loadtests.report.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a rehearsal recorded in its directory: every request to Cutover ({@code requests.csv}, written by the
 * simulation), the rehearsal's own timeline ({@code events.csv}), the database's lock waits sampled each second
 * ({@code locks.csv}) and, in a takeover rehearsal, the old service's transactions ({@code pgbench/}, see
 * {@link PgbenchLog}).
 */
public record RunData(List<Request> requests, List<Event> events, List<LockSample> locks, List<Request> oldService) {

    /** A rehearsal with Cutover's traffic only. */
    public RunData(List<Request> requests, List<Event> events, List<LockSample> locks) {
        this(requests, events, locks, List.of());
    }

    /** One request: when it started and ended (epoch ms), its name, and whether it succeeded. */
    public record Request(long start, long end, String name, boolean ok) {
        public long latency() {
            return end - start;
        }
    }

    /** A point of the rehearsal's timeline, e.g. {@code blocker_start} or {@code migration_end}. */
    public record Event(long at, String name, String detail) {
    }

    /**
     * One sample of {@code pg_stat_activity}/{@code pg_locks}: sessions waiting on a lock, of which DDL (a migration
     * attempt queued for its lock), ungranted locks, and the longest current lock wait in seconds.
     */
    public record LockSample(long at, int waiting, int ddlWaiting, int ungranted, double longestWaitSeconds) {
    }

    public static RunData read(Path dir) throws IOException {
        Path requestsFile = dir.resolve("requests.csv");
        List<Request> oldService = new ArrayList<>(PgbenchLog.read(dir.resolve("pgbench")));
        oldService.sort(Comparator.comparingLong(Request::start));
        if (!Files.isRegularFile(requestsFile) && oldService.isEmpty()) {
            throw new IllegalArgumentException("no requests.csv in " + dir + ": did the load run?");
        }
        List<Request> requests = requests(requestsFile);
        List<Event> events = new ArrayList<>();
        for (String[] f : rows(dir.resolve("events.csv"), 2)) {
            events.add(new Event(Long.parseLong(f[0]), f[1], f.length > 2 ? f[2] : ""));
        }
        events.sort(Comparator.comparingLong(Event::at));
        List<LockSample> locks = new ArrayList<>();
        for (String[] f : rows(dir.resolve("locks.csv"), 5)) {
            locks.add(new LockSample(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Double.parseDouble(f[4])));
        }
        return new RunData(List.copyOf(requests), List.copyOf(events), List.copyOf(locks), List.copyOf(oldService));
    }

    /** The requests of a {@code start_ms,end_ms,request,ok} file, by start; none when the file is missing. */
    public static List<Request> requests(Path file) throws IOException {
        List<Request> requests = new ArrayList<>();
        for (String[] f : rows(file, 4)) {
            requests.add(new Request(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], "1".equals(f[3])));
        }
        requests.sort(Comparator.comparingLong(Request::start));
        return requests;
    }

    /** The first event of that name. */
    public Optional<Event> first(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The last event of that name. */
    public Optional<Event> last(String name) {
        return events.stream().filter(e -> e.name().equals(name)).reduce((a, b) -> b);
    }

    /** Data rows (header and blank lines skipped) with at least {@code minFields} comma-separated fields. */
    public static List<String[]> rows(Path file, int minFields) throws IOException {
        List<String[]> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] fields = line.trim().split(",", -1);
            if (fields.length < minFields || fields[0].isEmpty() || !Character.isDigit(fields[0].charAt(0))) {
                continue;
            }
            rows.add(fields);
        }
        return rows;
    }
}
