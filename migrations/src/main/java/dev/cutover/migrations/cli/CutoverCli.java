package dev.cutover.migrations.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cutover}: the safe-migration toolkit's command line. Each command is one class in this package. */
@Command(name = "cutover", mixinStandardHelpOptions = true, versionProvider = CutoverCli.Version.class,
        description = "Change a PostgreSQL schema without an outage.",
        subcommands = {MigrateCommand.class, AdoptCommand.class, StatusCommand.class, BackfillCommand.class, LintCommand.class,
                ProbeCommand.class, SeedCommand.class, CommandLine.HelpCommand.class})
public final class CutoverCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 on success, non-zero with a one-line reason otherwise. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new CutoverCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new OneLineErrors());
        return cli.execute(args);
    }

    /** Prints a failure as one line, {@code cutover: <reason>}, and exits 1; the stack trace only with CUTOVER_DEBUG set. */
    static final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            cmd.getErr().println("cutover: " + reason.lines().findFirst().orElse(reason));
            if (System.getenv("CUTOVER_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CutoverCli.class.getPackage().getImplementationVersion();
            return new String[] {"cutover " + (version == null ? "dev" : version)};
        }
    }
}
