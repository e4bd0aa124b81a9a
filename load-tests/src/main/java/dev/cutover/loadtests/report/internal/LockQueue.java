package dev.cutover.loadtests.report.internal;

import java.util.List;
import java.util.Locale;

/**
 * The lock queue the sampler saw during the cutover window: sessions other than a migration's DDL waiting on a lock
 * (the traffic behind an ALTER that waits for the blocker), at most how many at once, in how many one-second samples,
 * and the longest wait of any session. A queue formed when traffic waited longer than the guard lets a DDL wait.
 */
public record LockQueue(int samples, int mostQueued, int secondsQueued, double longestWaitSeconds) {

    public static LockQueue of(List<RunData.LockSample> locks, long from, long to) {
        List<RunData.LockSample> window = locks.stream().filter(s -> s.at() >= from && s.at() <= to).toList();
        int most = window.stream().mapToInt(s -> Math.max(0, s.waiting() - s.ddlWaiting())).max().orElse(0);
        int seconds = (int) window.stream().filter(s -> s.waiting() > s.ddlWaiting()).count();
        double longest = window.stream().mapToDouble(RunData.LockSample::longestWaitSeconds).max().orElse(0);
        return new LockQueue(window.size(), most, seconds, longest);
    }

    /** Whether traffic queued on a lock for longer than {@code limitMillis} (a guarded run's lock_timeout + margin). */
    public boolean formed(long limitMillis) {
        return mostQueued > 0 && longestWaitSeconds * 1000 > limitMillis;
    }

    public String describe() {
        return samples == 0 ? "lock queue not sampled" : String.format(Locale.ROOT, "lock queue: up to %,d sessions "
                + "waiting behind a lock in %,d of %,d samples, longest wait %.1f s", mostQueued, secondsQueued,
                samples, longestWaitSeconds);
    }
}
