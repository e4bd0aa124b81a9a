package dev.cutover.infra.topology;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What happens to a production topology while a release rolls out: the replica's WAL replay paused from the
 * migration's start until the backfill has been seen throttled on its lag for {@code hold}, then resumed; once the
 * backfill moves, every instance restarted in turn (SIGTERM, then start again, as a rolling deployment does). Each
 * step goes into the rehearsal's {@code events.csv}; {@code holdFile} is deleted at the end, which lets the rehearsal
 * stop its load.
 */
final class Disruptions implements Runnable {

    private final LocalTopology topology;
    private final Path events;
    private final Path holdFile;
    private final Duration hold;

    Disruptions(LocalTopology topology, Path dir, Path holdFile, Duration hold) {
        this.topology = topology;
        this.events = dir.resolve("events.csv");
        this.holdFile = holdFile;
        this.hold = hold;
    }

    @Override
    public void run() {
        try {
            await(Duration.ofMinutes(30), () -> logged(",migration_start,"));
            try (Connection replica = topology.replicaAsPostgres(); Statement s = replica.createStatement()) {
                // Paused before the backfill begins: its workers must not write a row until the replica catches up.
                s.execute("SELECT pg_wal_replay_pause()");
                event("replay_pause", "the replica's WAL replay paused");
                boolean throttled = await(Duration.ofMinutes(30), () -> (jobState().equals("running")
                        && throttle().startsWith("replication lag")) || logged(",migration_end,"));
                if (throttled && jobState().equals("running")) {
                    event("backfill_throttled", throttle().replace(',', ';'));
                    Thread.sleep(hold.toMillis());
                }
                s.execute("SELECT pg_wal_replay_resume()");
                event("replay_resume", "the replica replays again");
            }
            // The instances restart once the backfill is moving, each one holding key ranges of it.
            await(Duration.ofMinutes(5), () -> rowsDone() > 0 || !jobState().equals("running"));
            for (ServiceInstance instance : topology.instances()) {
                event("instance_stop", instance.name() + " (SIGTERM)");
                long stopping = System.nanoTime();
                String shown = instance.stop();
                event("instance_stopped", instance.name() + String.format(java.util.Locale.ROOT, " after %.1f s: %s",
                        seconds(stopping), shown));
                long starting = System.nanoTime();
                instance.start(true);
                event("instance_ready", instance.name() + String.format(java.util.Locale.ROOT, " after %.1f s",
                        seconds(starting)));
                Thread.sleep(2_000); // HAProxy takes it back after two good checks, 500 ms apart
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            event("disruption_failed", e.toString().replace(',', ';').replace('\n', ' '));
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(holdFile);
            } catch (java.io.IOException e) {
                // the rehearsal stops holding after 10 minutes anyway
            }
        }
    }

    /** Whether the rehearsal's timeline holds {@code text} (an event, with its commas). */
    private boolean logged(String text) {
        try {
            return Files.readString(events).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private long rowsDone() {
        String rows = query("SELECT rows_done FROM cutover.backfill_jobs WHERE name = '" + Sampler.BACKFILL + "'");
        return rows.isEmpty() ? 0 : Long.parseLong(rows);
    }

    private String jobState() {
        return query("SELECT status FROM cutover.backfill_jobs WHERE name = '" + Sampler.BACKFILL + "'");
    }

    private String throttle() {
        return query("SELECT coalesce(throttle, '') FROM cutover.backfill_jobs WHERE name = '" + Sampler.BACKFILL + "'");
    }

    private String query(String sql) {
        try (Connection c = topology.primaryAsMigrator(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        } catch (SQLException notThereYet) {
            return "";
        }
    }

    private static boolean await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void event(String name, String detail) {
        try {
            Files.writeString(events, System.currentTimeMillis() + "," + name + "," + detail + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
