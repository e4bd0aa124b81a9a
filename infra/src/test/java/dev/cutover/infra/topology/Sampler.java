package dev.cutover.infra.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every second, what the load balancer counted per instance and in all ({@code balancer.csv}: cumulative responses,
 * 5xx, connection and response errors, state) and where the backfill stands with the replica's replay lag
 * ({@code backfill.csv}), for the rehearsal's report; runs on its own thread until interrupted.
 */
final class Sampler implements Runnable {

    static final String BACKFILL = "users_email_normalized";

    private final LocalTopology topology;
    private final Path dir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    Sampler(LocalTopology topology, Path dir) {
        this.topology = topology;
        this.dir = dir;
    }

    @Override
    public void run() {
        Path balancer = dir.resolve("balancer.csv");
        Path backfill = dir.resolve("backfill.csv");
        try (Connection db = topology.primaryAsMigrator()) {
            Files.writeString(balancer, "at_ms,server,responses,errors_5xx,errors_connection,status\n");
            Files.writeString(backfill, "at_ms,state,rows_done,replay_lag_s,throttle\n");
            while (!Thread.currentThread().isInterrupted()) {
                long at = System.currentTimeMillis();
                append(balancer, balancerRows(at));
                append(backfill, backfillRow(db, at));
                Thread.sleep(Math.max(0, 1000 - (System.currentTimeMillis() - at)));
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("the topology sampler stopped: " + e, e);
        }
    }

    /** One row per instance and one for the frontend ({@code balancer}), from HAProxy's CSV counters. */
    private String balancerRows(long at) {
        String csv;
        try {
            csv = client.send(HttpRequest.newBuilder(topology.balancer().statsUri()).timeout(Duration.ofSeconds(1))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        List<String> lines = csv.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
            return "";
        }
        List<String> header = Arrays.asList(lines.get(0).substring(2).split(","));
        StringBuilder rows = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String proxy = field(f, header, "pxname");
            String server = field(f, header, "svname");
            boolean instance = proxy.equals("instances") && server.startsWith("instance");
            boolean frontend = proxy.equals("api") && server.equals("FRONTEND");
            if (!instance && !frontend) {
                continue;
            }
            long responses = 0;
            for (String code : List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")) {
                responses += number(field(f, header, code));
            }
            long connection = number(field(f, header, "econ")) + number(field(f, header, "eresp"))
                    + number(field(f, header, "ereq"));
            rows.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%s%n", at, frontend ? "balancer" : server, responses,
                    number(field(f, header, "hrsp_5xx")), connection, frontend ? "OPEN"
                            : field(f, header, "status").replace(' ', '_')));
        }
        return rows.toString();
    }

    private static String backfillRow(Connection db, long at) {
        String state = "none";
        long rows = 0;
        String throttle = "";
        double lag = 0;
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT coalesce(extract(epoch FROM max(replay_lag)), 0)"
                    + " FROM pg_stat_replication")) {
                rs.next();
                lag = rs.getDouble(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT status, rows_done, coalesce(throttle, '') FROM"
                    + " cutover.backfill_jobs WHERE name = '" + BACKFILL + "'")) {
                if (rs.next()) {
                    state = rs.getString(1);
                    rows = rs.getLong(2);
                    throttle = rs.getString(3).replace(',', ';');
                }
            }
        } catch (SQLException noJobsTableYet) {
            // before the migration creates cutover.backfill_jobs
        }
        return String.format(Locale.ROOT, "%d,%s,%d,%.1f,%s%n", at, state, rows, lag, throttle);
    }

    private static String field(String[] fields, List<String> header, String name) {
        int i = header.indexOf(name);
        return i >= 0 && i < fields.length ? fields[i] : "";
    }

    private static long number(String value) {
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
