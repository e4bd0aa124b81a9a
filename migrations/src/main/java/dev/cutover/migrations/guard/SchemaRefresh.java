package dev.cutover.migrations.guard;

import java.time.Duration;

/**
 * How soon a running service follows a schema change, and so how long a contract step waits for it: the one place
 * both are set, for the runner's default and for the services that re-read the catalog.
 *
 * <p>The seconds are also {@code int} constants so that command-line help texts, which must be constant, quote them.
 */
public final class SchemaRefresh {

    /** Seconds between two reads of the catalog by a running service. */
    public static final int INTERVAL_SECONDS = 1;

    /**
     * How often a running service reads the catalog again to learn which schema it may use (the Cutover service's
     * {@code SchemaFeatures}); a service built on Cutover's migrations must do so at least this often.
     */
    public static final Duration INTERVAL = Duration.ofSeconds(INTERVAL_SECONDS);

    /**
     * Seconds, beyond the refresh, for requests that chose their queries before the service noticed the change and
     * are still running on the old schema, and for a catalog read that a busy machine delays.
     */
    public static final int IN_FLIGHT_SECONDS = 4;

    /** Seconds of {@link #CONTRACT_WAIT}. */
    public static final int CONTRACT_WAIT_SECONDS = INTERVAL_SECONDS + IN_FLIGHT_SECONDS;

    /**
     * The default wait before a contract step that follows another step of the same run while services are
     * connected: a connected service notices the earlier step within one {@link #INTERVAL}, and the requests it
     * started before that must finish before the contract step removes what they use, hence
     * {@link #IN_FLIGHT_SECONDS} more.
     */
    public static final Duration CONTRACT_WAIT = Duration.ofSeconds(CONTRACT_WAIT_SECONDS);

    private SchemaRefresh() {
    }
}
