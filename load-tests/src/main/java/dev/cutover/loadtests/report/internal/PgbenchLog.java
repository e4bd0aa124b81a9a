package dev.cutover.loadtests.report.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The old service's traffic as pgbench logged it: per-transaction logs ({@code -l}, files {@code log*} in one
 * directory, one per pgbench run), the script names in {@code scripts.txt} (one per line, in {@code -f} order), and
 * clients pgbench aborted on an error ({@code aborted.csv}: {@code at_ms,detail}), each one failed request.
 */
public final class PgbenchLog {

    private PgbenchLog() {
    }

    /** Every transaction of the directory's logs, plus a failed request per aborted client; empty without logs. */
    public static List<RunData.Request> read(Path dir) throws IOException {
        List<RunData.Request> requests = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return requests;
        }
        List<String> scripts = Files.isRegularFile(dir.resolve("scripts.txt"))
                ? Files.readAllLines(dir.resolve("scripts.txt"), StandardCharsets.UTF_8) : List.of();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "log*")) {
            for (Path log : logs) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    RunData.Request request = parse(line, scripts);
                    if (request != null) {
                        requests.add(request);
                    }
                }
            }
        }
        Path aborted = dir.resolve("aborted.csv");
        if (Files.isRegularFile(aborted)) {
            for (String line : Files.readAllLines(aborted, StandardCharsets.UTF_8)) {
                String[] f = line.split(",", 2);
                if (f.length == 2 && !f[0].isEmpty() && Character.isDigit(f[0].charAt(0))) {
                    long at = Long.parseLong(f[0].trim());
                    requests.add(new RunData.Request(at, at, "aborted: " + f[1].trim(), false));
                }
            }
        }
        return requests;
    }

    /**
     * One line of a per-transaction log, {@code client_id transaction_no time script_no time_epoch time_us
     * [schedule_lag [retries]]}: {@code time} is the latency in microseconds (from the scheduled start under
     * {@code --rate}, so time spent queued counts), or {@code failed}/{@code skipped}/{@code serialization}/
     * {@code deadlock}; {@code time_epoch.time_us} is when the transaction ended. Null for a line that is none.
     */
    static RunData.Request parse(String line, List<String> scripts) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 6 || !f[0].chars().allMatch(Character::isDigit) || f[0].isEmpty()) {
            return null;
        }
        int script = Integer.parseInt(f[3]);
        String name = script < scripts.size() && !scripts.get(script).isBlank() ? scripts.get(script).trim()
                : "script " + script;
        long end = Long.parseLong(f[4]) * 1000 + Long.parseLong(f[5]) / 1000;
        if (!f[2].chars().allMatch(Character::isDigit)) {
            return new RunData.Request(end, end, name, false);
        }
        long latency = Math.round(Long.parseLong(f[2]) / 1000.0);
        return new RunData.Request(end - latency, end, name, true);
    }
}
