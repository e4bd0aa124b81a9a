package dev.cutover.loadtests.report.internal;

import picocli.CommandLine;

/** A report's command line whose failures print as one line, {@code <name>: <reason>}, and exit 1. */
public final class OneLineErrors {

    private OneLineErrors() {
    }

    public static CommandLine commandLine(Object command) {
        CommandLine line = new CommandLine(command);
        String name = line.getCommandName();
        return line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(name + ": " + e.getMessage());
            return 1;
        });
    }
}
