package dev.cutover.service.users;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * What the users table offers right now, read at start (after migrations), so one build of the service is correct
 * at every step of the normalized-email expand/contract change: it looks users up by {@code email_normalized} only
 * once that column has its valid unique index, and by {@code email} before.
 */
@ApplicationScoped
public class SchemaFeatures {

    private static final Logger LOG = Logger.getLogger(SchemaFeatures.class);
    static final String NORMALIZED_INDEX = "users_email_normalized_key";

    @Inject
    Pool pool;

    private volatile boolean normalizedEmailReads;

    /** Reads the catalog again; called at start, after any migrations the service applies itself. */
    public void refresh() {
        Row row = pool.preparedQuery("""
                SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                               WHERE c.relname = $1 AND i.indisvalid AND i.indisunique
                                 AND i.indrelid = 'users'::regclass) AS normalized
                """).execute(io.vertx.mutiny.sqlclient.Tuple.of(NORMALIZED_INDEX))
                .await().atMost(Duration.ofSeconds(30)).iterator().next();
        normalizedEmailReads = row.getBoolean("normalized");
        LOG.infof("Users are looked up by %s", normalizedEmailReads ? "email_normalized" : "email");
    }

    /** True once {@code users.email_normalized} is unique: emails then match case- and space-insensitively. */
    public boolean normalizedEmailReads() {
        return normalizedEmailReads;
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
