package dev.cutover.loadtests.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cutover rehearsal at CI scale, end to end: the packaged service under steady load, a long transaction on users,
 * the example migrations run naive (traffic must stall) and guarded (it must not), through
 * {@code load-tests/ci-rehearsal.sh}. It needs a PostgreSQL server it may create databases on
 * ({@code CUTOVER_TEST_DATABASE_URL}) and psql and curl; without them it is skipped, saying why.
 */
class CutoverRehearsalIT {

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void naiveStallsAndGuardedKeepsTrafficFlowing() throws Exception {
        String server = System.getenv("CUTOVER_TEST_DATABASE_URL");
        assumeTrue(server != null && !server.isBlank(),
                "CUTOVER_TEST_DATABASE_URL is not set: the rehearsal needs a PostgreSQL server of its own");
        assumeTrue(onPath("psql") && onPath("curl"), "the rehearsal needs psql and curl on the PATH");

        Path root = Path.of("").toAbsolutePath().getParent();
        Path log = Files.createDirectories(root.resolve("load-tests/target")).resolve("ci-rehearsal.log");
        Process rehearsal = new ProcessBuilder(List.of("bash", root.resolve("load-tests/ci-rehearsal.sh").toString(),
                "--server-url", server, "--port", String.valueOf(freePort()),
                "--management-port", String.valueOf(freePort())))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = rehearsal.waitFor(18, TimeUnit.MINUTES);
        if (!ended) {
            rehearsal.destroy();
        }
        String output = Files.readString(log);
        System.out.println(output.lines().filter(l -> l.startsWith("verdict:") || l.startsWith("ci-rehearsal:"))
                .reduce("", (a, b) -> a + b + System.lineSeparator()));

        assertThat(ended).as("the rehearsal ended within 18 minutes (log: %s)", log).isTrue();
        assertThat(rehearsal.exitValue()).as("the rehearsal's exit code; its log: %s%n%s", log, tail(output)).isZero();
        assertThat(output).contains("verdict: STALLED").contains("verdict: PASS guarded");
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
