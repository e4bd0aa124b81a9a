package dev.cutover.service.auth;

import dev.cutover.service.api.errors.HttpError;
import dev.cutover.service.config.ServiceConfig;
import dev.cutover.service.users.SchemaFeatures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Limits failed logins per account from one client address and per client address, in PostgreSQL's
 * {@code login_failures} (V12), so every instance counts the same failures; a login over a limit is 429 with
 * {@code Retry-After} until the window that counted them ends.
 *
 * <p>Why the account's limit counts per address: a limit over all addresses would let anyone lock a victim out by
 * failing on purpose; this way the victim, from anywhere else, still logs in. A success clears that account's count
 * from that address; the address's own count stays, or an attacker could clear it with an account of their own.
 */
@ApplicationScoped
public class LoginThrottle {

    static final String TOO_MANY = "Too many failed login attempts, try again later";
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    /** The longest wait among the keys over their limit whose window has not ended; no row when none is. */
    private static final String BLOCKED = """
            SELECT ceil(extract(epoch FROM window_start + make_interval(secs => $3) - now()))::int AS retry
            FROM login_failures
            WHERE window_start + make_interval(secs => $3) > now()
              AND ((key = $1 AND $4 > 0 AND failures >= $4) OR (key = $2 AND $5 > 0 AND failures >= $5))
            ORDER BY retry DESC LIMIT 1
            """;
    /** One more failure for each key: a new window once the last one ended. */
    private static final String FAILED = """
            INSERT INTO login_failures AS f (key, failures, window_start)
            SELECT k, 1, now() FROM unnest($1::text[]) AS k
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN f.window_start + make_interval(secs => $2) <= now() THEN 1 ELSE f.failures + 1 END,
              window_start = CASE WHEN f.window_start + make_interval(secs => $2) <= now() THEN now()
                                  ELSE f.window_start END
            """;
    private static final String SUCCEEDED = "DELETE FROM login_failures WHERE key = $1";
    private static final String EXPIRED = "DELETE FROM login_failures WHERE window_start + make_interval(secs => $1) <= now()";
    /** About one failure in this many also deletes the rows whose window has ended, so the table stays small. */
    private static final int SWEEP_ONE_IN = 100;

    @Inject
    ServiceConfig config;
    @Inject
    SchemaFeatures schema;
    @Inject
    Pool pool;

    /** Fails with 429 when the account (from this address) or the address is over its limit. */
    public Uni<Void> check(String username, String address) {
        if (!active()) {
            return Uni.createFrom().voidItem();
        }
        ServiceConfig.LoginThrottle limits = config.loginThrottle();
        return pool.preparedQuery(BLOCKED)
                .execute(Tuple.of(accountKey(username, address), addressKey(address), windowSeconds(),
                        limits.accountFailures(), limits.addressFailures()))
                .map(rows -> {
                    var it = rows.iterator();
                    if (it.hasNext()) {
                        int retry = Math.max(1, it.next().getInteger("retry"));
                        throw new HttpError(429, TOO_MANY, Map.of("Retry-After", String.valueOf(retry)));
                    }
                    return null;
                });
    }

    /** Counts a wrong password (or an unknown account) for the account from this address and for the address. */
    public Uni<Void> failed(String username, String address) {
        if (!active()) {
            return Uni.createFrom().voidItem();
        }
        List<String> keys = List.of(accountKey(username, address), addressKey(address));
        Uni<Void> counted = pool.preparedQuery(FAILED)
                .execute(Tuple.of(keys.toArray(String[]::new), windowSeconds())).replaceWithVoid();
        if (ThreadLocalRandom.current().nextInt(SWEEP_ONE_IN) == 0) {
            counted = counted.call(() -> pool.preparedQuery(EXPIRED).execute(Tuple.of(windowSeconds())));
        }
        // The login is refused either way: a failure to count must not turn the 400 into a 500.
        return counted.onFailure().recoverWithItem(failure -> {
            LOG.warnf("Counting a failed login failed: %s", failure.toString());
            return null;
        });
    }

    /** Forgets the account's failures from this address after its right password. */
    public Uni<Void> succeeded(String username, String address) {
        if (!active()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(SUCCEEDED).execute(Tuple.of(accountKey(username, address))).replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Clearing failed logins failed: %s", failure.toString());
                    return null;
                });
    }

    private boolean active() {
        ServiceConfig.LoginThrottle limits = config.loginThrottle();
        return schema.loginFailures() && (limits.accountFailures() > 0 || limits.addressFailures() > 0);
    }

    private double windowSeconds() {
        return config.loginThrottle().window().toMillis() / 1000.0;
    }

    /** The account as the lookup finds it (case and surrounding spaces do not make a new account). */
    private static String accountKey(String username, String address) {
        return "account:" + SchemaFeatures.normalize(username) + "|" + address;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
