package dev.cutover.migrations.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- cutover:<name> <value>} comment lines of one migration script: per-migration timeouts and the
 * backfills it needs. Lint suppressions ({@code cutover:ignore}) are read by the linter, not here.
 */
public record Directives(Optional<Duration> lockTimeout, Optional<Duration> statementTimeout,
                         List<String> requiredBackfills) {

    private static final Pattern LINE = Pattern.compile("^\\s*--\\s*cutover:([a-z-]+)\\s*(.*?)\\s*$",
            Pattern.MULTILINE);

    public static Directives none() {
        return new Directives(Optional.empty(), Optional.empty(), List.of());
    }

    /** Reads the directives in {@code sql}; an unknown one or a bad value fails, naming the line. */
    public static Directives parse(String sql) {
        Optional<Duration> lock = Optional.empty();
        Optional<Duration> statement = Optional.empty();
        List<String> backfills = new ArrayList<>();
        Matcher m = LINE.matcher(sql);
        while (m.find()) {
            String name = m.group(1);
            String value = m.group(2);
            switch (name) {
                case "lock-timeout" -> lock = Optional.of(Durations.parse(value));
                case "statement-timeout" -> statement = Optional.of(Durations.parse(value));
                case "requires-backfill" -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("'-- cutover:requires-backfill' needs a backfill name");
                    }
                    backfills.add(value.split("\\s+")[0]);
                }
                case "ignore" -> {
                    // A lint suppression; the linter checks it.
                }
                default -> throw new IllegalArgumentException("unknown directive '-- cutover:" + name
                        + "' (known: lock-timeout, statement-timeout, requires-backfill, ignore)");
            }
        }
        return new Directives(lock, statement, List.copyOf(backfills));
    }
}
