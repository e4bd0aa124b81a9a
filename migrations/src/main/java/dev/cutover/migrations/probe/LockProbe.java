package dev.cutover.migrations.probe;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.migrations.jdbc.Flyways;
import dev.cutover.migrations.jdbc.JdbcConnections;
import dev.cutover.migrations.probe.internal.LockModes;
import dev.cutover.migrations.probe.internal.Relations;
import dev.cutover.migrations.sql.MigrationFiles;
import dev.cutover.migrations.sql.ScriptAnalysis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Observes, instead of guessing, which locks each pending migration takes and whether it rewrites tables: it builds
 * a scratch database with the target's applied migrations (schema, no data) on the target's server, runs each
 * pending migration there while reading {@code pg_locks} for its session and comparing relfilenodes, then drops the
 * scratch database. The target database is only read (Flyway's history and table sizes).
 */
public final class LockProbe {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final DatabaseUrl target;
    private final List<String> locations;
    private final Duration observeFor;

    /** {@code observeFor} bounds how long a non-transactional migration is held at its first wait to be observed. */
    public LockProbe(DatabaseUrl target, List<String> locations, Duration observeFor) {
        this.target = target;
        this.locations = List.copyOf(locations);
        this.observeFor = observeFor;
    }

    /** Probes every pending migration of {@code target}, in order; an empty list when none is pending. */
    public List<MigrationProbe> run() throws SQLException {
        MigrationInfoService info = flyway(target).load().info();
        MigrationInfo[] pending = info.pending();
        if (pending.length == 0) {
            return List.of();
        }
        String scratchName = "cutover_lockprobe_" + LocalDateTime.now().format(STAMP) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        execute(target, "CREATE DATABASE " + scratchName, "create the scratch database (the probe needs CREATEDB)");
        // An interrupted probe (Ctrl-C) must not leave its scratch database behind on the production server.
        Thread dropOnExit = new Thread(() -> dropQuietly(scratchName), "drop-" + scratchName);
        Runtime.getRuntime().addShutdownHook(dropOnExit);
        try {
            DatabaseUrl scratch = target.withDatabase(scratchName);
            MigrationInfo current = info.current();
            if (current != null && current.getVersion() != null) {
                flyway(scratch).target(current.getVersion().getVersion()).load().migrate();
            }
            List<MigrationProbe> probes = new ArrayList<>();
            for (MigrationInfo m : pending) {
                if (!m.getScript().endsWith(".sql")) {
                    throw new IllegalStateException("cannot probe pending migration " + m.getScript()
                            + ": only SQL migrations can be probed");
                }
                String sql = MigrationFiles.read(m.getScript(), m.getPhysicalLocation(), locations,
                        LockProbe.class.getClassLoader());
                probes.add(probe(scratch, m, sql));
            }
            return withTargetSizes(probes);
        } finally {
            execute(target, "DROP DATABASE IF EXISTS " + scratchName + " WITH (FORCE)", "drop the scratch database");
            try {
                Runtime.getRuntime().removeShutdownHook(dropOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook will find the database gone.
            }
        }
    }

    private void dropQuietly(String scratchName) {
        try {
            execute(target, "DROP DATABASE IF EXISTS " + scratchName + " WITH (FORCE)", "drop the scratch database");
        } catch (SQLException e) {
            System.err.println("cutover: " + e.getMessage());
        }
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway(DatabaseUrl db) {
        return Flyways.configure(db, locations);
    }

    private MigrationProbe probe(DatabaseUrl scratch, MigrationInfo m, String sql) throws SQLException {
        String version = m.getVersion() == null ? null : m.getVersion().getVersion();
        // Run it the way the guarded runner will: outside a transaction exactly when the runner does so.
        boolean transactional = !ScriptAnalysis.of(sql).concurrent();
        try (Connection c = connect(scratch); Connection watcher = connect(scratch)) {
            Map<Long, Relations.Table> before = Relations.tables(watcher);
            Observation seen;
            try {
                seen = transactional ? inTransaction(c, sql) : heldAtFirstWait(c, watcher, before, sql);
            } catch (SQLException e) {
                return new MigrationProbe(version, m.getDescription(), m.getScript(), transactional, false,
                        e.getMessage().lines().findFirst().orElse(""), List.of(), List.of());
            }
            Map<Long, Relations.Table> after = Relations.tables(watcher);
            List<TableLock> tables = new ArrayList<>();
            for (Relations.Table table : before.values()) {
                TreeSet<String> modes = new TreeSet<>(LockModes.BY_STRENGTH);
                seen.locks().stream().filter(l -> l.relation() == table.oid()).forEach(l -> modes.add(l.mode()));
                Relations.Table now = after.get(table.oid());
                boolean rewrite = now != null && now.relfilenode() != table.relfilenode();
                if (modes.isEmpty() && !rewrite) {
                    continue;
                }
                String strongest = modes.isEmpty() ? null : modes.last();
                tables.add(new TableLock(table.display(), modes.stream().map(LockModes::sqlName).toList(),
                        strongest == null ? null : LockModes.sqlName(strongest),
                        strongest == null ? null : LockModes.blocks(strongest), rewrite, null, null));
            }
            return new MigrationProbe(version, m.getDescription(), m.getScript(), transactional, seen.complete(), null,
                    tables, List.of());
        }
    }

    /** The locks a migration's session held or waited for, and whether that picture is the whole story. */
    private record Observation(List<Relations.Lock> locks, boolean complete) {
    }

    /** Runs the migration in a transaction and reads its locks just before committing (on the scratch database). */
    private static Observation inTransaction(Connection c, String sql) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            List<Relations.Lock> locks = Relations.locks(c, Relations.backendPid(c));
            c.commit();
            return new Observation(locks, true);
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /**
     * Runs a migration that cannot be in a transaction (CONCURRENTLY) in autocommit, while {@code watcher} holds a
     * snapshot and ACCESS SHARE on every table: the migration then stops at its first wait for other transactions,
     * holding the locks it has, and the watcher reads them before letting it go. Not {@code complete} when the
     * migration finished (or nothing was seen) within the observation time.
     */
    private Observation heldAtFirstWait(Connection c, Connection watcher, Map<Long, Relations.Table> tables,
            String sql) throws SQLException {
        int pid = Relations.backendPid(c);
        watcher.setAutoCommit(false);
        watcher.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = watcher.createStatement()) {
            for (Relations.Table t : tables.values()) {
                s.execute("SELECT 1 FROM " + t.quoted() + " LIMIT 0");
            }
        }
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        List<Relations.Lock> locks = List.of();
        boolean caught = false;
        long deadline = System.nanoTime() + observeFor.toNanos();
        try {
            while (!run.isDone() && System.nanoTime() < deadline) {
                if (Relations.waiting(watcher, pid)) {
                    locks = Relations.locks(watcher, pid);
                    caught = true;
                    break;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watcher.commit();
            watcher.setAutoCommit(true);
        }
        try {
            run.get(observeFor.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException sqlException) {
                throw sqlException;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new SQLException("the migration did not finish on the scratch database: " + e);
        }
        return new Observation(locks, caught);
    }

    private List<MigrationProbe> withTargetSizes(List<MigrationProbe> probes) throws SQLException {
        List<MigrationProbe> sized = new ArrayList<>();
        try (Connection c = connect(target); PreparedStatement s = c.prepareStatement("""
                SELECT pg_total_relation_size(c.oid), c.reltuples::bigint
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname || '.' || c.relname = ?""")) {
            for (MigrationProbe p : probes) {
                List<TableLock> tables = new ArrayList<>();
                for (TableLock t : p.tables()) {
                    s.setString(1, t.table());
                    try (ResultSet rs = s.executeQuery()) {
                        boolean found = rs.next();
                        Long rows = found && rs.getLong(2) >= 0 ? rs.getLong(2) : null;
                        tables.add(new TableLock(t.table(), t.locks(), t.strongest(), t.blocks(), t.rewrite(),
                                found ? rs.getLong(1) : null, rows));
                    }
                }
                sized.add(new MigrationProbe(p.version(), p.description(), p.script(), p.transactional(), p.observed(),
                        p.error(), tables, p.failsOnUnfilledRows()));
            }
        }
        return sized;
    }

    private static Connection connect(DatabaseUrl db) throws SQLException {
        return JdbcConnections.open(db);
    }

    private static void execute(DatabaseUrl db, String sql, String purpose) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new SQLException("cannot " + purpose + " on " + db.host() + ":" + db.port() + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }
}
