package dev.cutover.service.auth;

import dev.cutover.service.api.errors.HttpError;
import dev.cutover.service.config.ServiceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The off-heap memory password hashing may hold at once ({@code cutover.argon2.memory-budget-mib}): each Argon2
 * operation reserves its memory cost before it starts and gives it back when it ends. One that does not fit waits, on
 * its worker thread, up to {@code cutover.argon2.memory-budget-wait}, then is refused with 503 and
 * {@code Retry-After}: a burst of logins waits in its clients, never in our memory.
 */
@ApplicationScoped
public class HashingBudget {

    static final String BUSY = "Too many password checks in progress, retry shortly";

    private final int budgetKib;
    private final Duration maxWait;
    // Fair, so a large reservation is not starved by a stream of small ones.
    private final Semaphore free;
    private final AtomicLong inUseKib = new AtomicLong();
    private final AtomicLong peakKib = new AtomicLong();
    private final Counter refused;

    @Inject
    public HashingBudget(ServiceConfig config, MeterRegistry registry) {
        this.budgetKib = Math.toIntExact(config.argon2().memoryBudgetMib() * 1024L);
        this.maxWait = config.argon2().memoryBudgetWait();
        this.free = new Semaphore(budgetKib, true);
        Gauge.builder("cutover.password.hashing.memory.used", inUseKib, AtomicLong::get).baseUnit("kibibytes")
                .description("Memory held by password hashes being computed now").register(registry);
        Gauge.builder("cutover.password.hashing.memory.peak", peakKib, AtomicLong::get).baseUnit("kibibytes")
                .description("Most memory password hashing held at once since start").register(registry);
        Gauge.builder("cutover.password.hashing.memory.budget", () -> budgetKib).baseUnit("kibibytes")
                .description("cutover.argon2.memory-budget-mib").register(registry);
        this.refused = Counter.builder("cutover.password.hashing.refused")
                .description("Password hashes refused with 503 because the memory budget stayed spent").register(registry);
    }

    /** When a reservation asked for now must be granted at the latest. */
    long deadlineNanos() {
        return System.nanoTime() + maxWait.toNanos();
    }

    /**
     * Reserves {@code kib} for one hash, blocking the (worker) thread until the memory is free or the deadline
     * passes, then throws the 503. A hash larger than the whole budget still runs, alone.
     */
    Reservation reserve(int kib, long deadlineNanos) {
        int wanted = Math.min(kib, budgetKib);
        boolean granted;
        try {
            granted = free.tryAcquire(wanted, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            granted = false;
        }
        if (!granted) {
            refused.increment();
            throw new HttpError(503, BUSY, Map.of("Retry-After", "1"));
        }
        peakKib.accumulateAndGet(inUseKib.addAndGet(wanted), Math::max);
        return new Reservation(wanted);
    }

    /** The most memory held at once since start, in KiB. */
    public long peakKib() {
        return peakKib.get();
    }

    public long budgetKib() {
        return budgetKib;
    }

    /** Memory reserved for one hash; closing it gives the memory back. */
    final class Reservation implements AutoCloseable {
        private final int kib;

        private Reservation(int kib) {
            this.kib = kib;
        }

        @Override
        public void close() {
            inUseKib.addAndGet(-kib);
            free.release(kib);
        }
    }
}
