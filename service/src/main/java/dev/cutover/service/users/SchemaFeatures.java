package dev.cutover.service.users;

import dev.cutover.migrations.guard.SchemaRefresh;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * What the users table offers right now, read at start (after migrations) and again every second, so one build of
 * the service is correct at every step of the normalized-email expand/contract change: it looks users up by
 * {@code email_normalized} only once that column has its valid unique index, and by {@code email} before.
 *
 * <p>Why every second and not only at start: the contract step that drops the unique index on {@code email} (V7)
 * may follow the one that builds the normalized index (V6) while the service runs. An instance still looking users
 * up by {@code email} then scans the whole table for every login and sign-up: at 2M users that starved a 2-core
 * machine for seconds in the rehearsal. Run V7 at least {@link SchemaRefresh#CONTRACT_WAIT} after V6 ({@code cutover
 * migrate} waits that long by itself when both run in one go; the guarded rehearsal migrates to V6, waits, then
 * contracts).
 */
@ApplicationScoped
public class SchemaFeatures {

    private static final Logger LOG = Logger.getLogger(SchemaFeatures.class);
    static final String NORMALIZED_INDEX = "users_email_normalized_key";
    /** How often the catalog is read again while the service runs: the interval Cutover's contract wait assumes. */
    public static final Duration REFRESH_INTERVAL = SchemaRefresh.INTERVAL;
    private static final String QUERY = """
            SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                           WHERE c.relname = $1 AND i.indisvalid AND i.indisunique
                             AND i.indrelid = 'users'::regclass) AS normalized,
                   EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass
                             AND attname = 'token_version' AND NOT attisdropped) AS token_version,
                   to_regclass('login_failures') IS NOT NULL AS login_failures
            """;

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    private volatile boolean normalizedEmailReads;
    private volatile boolean tokenVersions;
    private volatile boolean loginFailures;
    private final AtomicBoolean watching = new AtomicBoolean();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicLong timer = new AtomicLong(-1);
    /** Catalog reads started by the timer, for tests. */
    final AtomicLong reads = new AtomicLong();

    /**
     * Reads the catalog now; called at start, after any migrations the service applies itself. From then on it is
     * read again every {@link #REFRESH_INTERVAL}.
     */
    public void refresh() {
        Row row = pool.preparedQuery(QUERY).execute(Tuple.of(NORMALIZED_INDEX))
                .await().atMost(Duration.ofSeconds(30)).iterator().next();
        update(row);
        if (watching.compareAndSet(false, true)) {
            timer.set(vertx.setPeriodic(REFRESH_INTERVAL.toMillis(), id -> readAgain()));
        }
    }

    /**
     * Stops the reads with the application: Vert.x outlives it (a dev-mode reload keeps Vert.x and closes the pool),
     * and a read on the closed pool logged an ERROR after every reload.
     */
    @PreDestroy
    void stop() {
        long id = timer.getAndSet(-1);
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    private void readAgain() {
        if (!reading.compareAndSet(false, true)) {
            return; // the previous read has not answered yet: one at a time
        }
        reads.incrementAndGet();
        pool.preparedQuery(QUERY).execute(Tuple.of(NORMALIZED_INDEX))
                .eventually(() -> reading.set(false))
                .subscribe().with(rows -> update(rows.iterator().next()),
                        failure -> LOG.debugf("Reading the users table's indexes failed: %s", failure.getMessage()));
    }

    private void update(Row row) {
        boolean versions = row.getBoolean("token_version");
        if (versions != tokenVersions) {
            LOG.infof("Tokens %s with the password (users.token_version %s)", versions ? "end" : "do not end yet",
                    versions ? "exists" : "is missing: apply V11");
        }
        tokenVersions = versions;
        loginFailures = row.getBoolean("login_failures");
        update(row.getBoolean("normalized"));
    }

    private void update(boolean normalized) {
        boolean before = normalizedEmailReads;
        normalizedEmailReads = normalized;
        if (!watching.get() || before != normalized) {
            LOG.infof("Users are looked up by %s", normalized ? "email_normalized" : "email");
        }
    }

    /** True once {@code users.email_normalized} is unique: emails then match case- and space-insensitively. */
    public boolean normalizedEmailReads() {
        return normalizedEmailReads;
    }

    /** True once {@code users.token_version} exists (V11): tokens carry it and end when it moves on. */
    public boolean tokenVersions() {
        return tokenVersions;
    }

    /** True once {@code login_failures} exists (V12): failed logins are counted and throttled. */
    public boolean loginFailures() {
        return loginFailures;
    }

    /**
     * The normal form the database trigger and the backfill store, {@code lower(btrim(email))}: btrim removes
     * spaces only, and lower() maps each character on its own (no final sigma, İ to i), as
     * {@link Character#toLowerCase(int)} does and {@link String#toLowerCase} does not.
     */
    public static String normalize(String email) {
        int start = 0;
        int end = email.length();
        while (start < end && email.charAt(start) == ' ') {
            start++;
        }
        while (end > start && email.charAt(end - 1) == ' ') {
            end--;
        }
        StringBuilder lower = new StringBuilder(end - start);
        email.substring(start, end).codePoints().map(Character::toLowerCase).forEach(lower::appendCodePoint);
        return lower.toString();
    }
}
