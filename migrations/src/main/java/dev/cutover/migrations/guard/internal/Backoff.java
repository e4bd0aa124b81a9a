package dev.cutover.migrations.guard.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sleep before retry {@code n}: exponential from a floor, capped, with jitter above the floor. The floor matters more
 * than the growth: each failed attempt has stalled traffic for up to lock_timeout, and the queue it built needs time
 * to drain before the next attempt queues it again (measured: 500 ms lock_timeout with sleeps of at least 1 s kept the
 * slowest request at 600 ms, short sleeps compounded stalls to several seconds).
 */
public record Backoff(Duration floor, Duration ceiling) {

    public Backoff {
        if (floor.isNegative() || ceiling.compareTo(floor) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= floor <= ceiling");
        }
    }

    /** The sleep after failed attempt {@code attempt} (1-based): uniformly in [floor, min(ceiling, floor * 2^(attempt-1))]. */
    public Duration after(int attempt) {
        long floorMs = Math.max(1, floor.toMillis());
        long top = floorMs << Math.min(attempt - 1, 20);
        top = Math.min(top, ceiling.toMillis());
        long ms = top <= floorMs ? floorMs : ThreadLocalRandom.current().nextLong(floorMs, top + 1);
        return Duration.ofMillis(ms);
    }
}
