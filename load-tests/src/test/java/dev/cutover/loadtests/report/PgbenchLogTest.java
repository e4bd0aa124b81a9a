package dev.cutover.loadtests.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.loadtests.report.internal.PgbenchLog;
import dev.cutover.loadtests.report.internal.RunData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgbench's per-transaction log (-l) as the report reads it: the old service's traffic in a takeover rehearsal. */
class PgbenchLogTest {

    @Test
    void readsEveryRunsLogWithScriptNamesAndAbortedClientsAsFailures(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("pgbench"));
        Files.writeString(logs.resolve("scripts.txt"), "read me\nupdate me\n");
        // client, transaction, latency us, script, end epoch s, end us, schedule lag us (under --rate)
        Files.writeString(logs.resolve("log.4100"), """
                0 1 98303 1 1796165554 521146 267
                1 1 1500 0 1796165554 600000 12
                """);
        Files.writeString(logs.resolve("log.4200"), """
                0 1 8250000 0 1796165570 250000 8100000
                3 7 failed 1 1796165571 0 0
                pgbench: not a transaction line
                """);
        Files.writeString(logs.resolve("aborted.csv"), "at_ms,detail\n1796165580000,client 2 script 0 aborted in command 3 query 0: ERROR: relation \"user\" does not exist\n");
        Files.writeString(logs.resolve("chunk-0001.out"), "ignored: not a log file\n");

        List<RunData.Request> requests = PgbenchLog.read(logs).stream()
                .sorted(Comparator.comparingLong(RunData.Request::end)).toList();

        assertThat(requests).hasSize(5);
        assertThat(requests.get(0)).isEqualTo(new RunData.Request(1796165554521L - 98, 1796165554521L, "update me", true));
        assertThat(requests.get(1)).isEqualTo(new RunData.Request(1796165554598L, 1796165554600L, "read me", true));
        // Queued behind a lock for 8.1 s of its 8.25 s: the latency counts from the scheduled start.
        assertThat(requests.get(2).latency()).isEqualTo(8_250);
        assertThat(requests.get(3)).isEqualTo(new RunData.Request(1796165571000L, 1796165571000L, "update me", false));
        assertThat(requests.get(4).ok()).isFalse();
        assertThat(requests.get(4).name()).startsWith("aborted: client 2 script 0 aborted").contains("does not exist");
    }

    @Test
    void aScriptWithoutANameIsCalledByItsNumberAndNoDirectoryIsNoTraffic(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("log.1"), "2 5 3000 4 1796165554 3000\n");
        assertThat(PgbenchLog.read(dir)).containsExactly(
                new RunData.Request(1796165554000L, 1796165554003L, "script 4", true));
        assertThat(PgbenchLog.read(dir.resolve("absent"))).isEmpty();
    }
}
