package dev.cutover.loadtests.rehearsal;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code load-tests/ci-rehearsal.sh} for an IT: its output in a log file, the verdict lines echoed. Its ports are
 * free ones unless {@code CUTOVER_REHEARSAL_PORT} and {@code CUTOVER_REHEARSAL_MANAGEMENT_PORT} name them; its
 * databases' prefix is {@code CUTOVER_REHEARSAL_DB_PREFIX}'s, which ci-rehearsal.sh reads.
 */
final class CiRehearsal {

    /** How a run ended: whether it did within its time, its exit code, and everything it printed. */
    record Result(boolean ended, int exitCode, String output, Path log) {

        /** The last 40 lines, for an assertion message. */
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }

    private CiRehearsal() {
    }

    /** The project's root: the ITs run in load-tests/. */
    static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }

    static Result run(String logName, String server, List<String> options, long minutes) throws Exception {
        return run(logName, server, options, java.util.Map.of(), minutes);
    }

    /** As above, with these variables added to the script's environment. */
    static Result run(String logName, String server, List<String> options, java.util.Map<String, String> environment,
                      long minutes) throws Exception {
        Path root = root();
        Path log = Files.createDirectories(root.resolve("load-tests/target")).resolve(logName);
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("load-tests/ci-rehearsal.sh").toString(),
                "--server-url", server, "--port", port("CUTOVER_REHEARSAL_PORT"),
                "--management-port", port("CUTOVER_REHEARSAL_MANAGEMENT_PORT")));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process rehearsal = builder
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = rehearsal.waitFor(minutes, TimeUnit.MINUTES);
        if (!ended) {
            rehearsal.destroy();
        }
        String output = Files.readString(log);
        System.out.println(output.lines().filter(l -> l.startsWith("verdict:") || l.startsWith("ci-rehearsal:"))
                .reduce("", (a, b) -> a + b + System.lineSeparator()));
        return new Result(ended, ended ? rehearsal.exitValue() : -1, output, log);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The port the environment variable names (on a shared machine, one of its owner's), else a free one. */
    private static String port(String variable) throws IOException {
        String given = System.getenv(variable);
        return given != null && !given.isBlank() ? given.trim() : String.valueOf(freePort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
