package dev.cutover.migrations.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- cutover:<name> <value>} comments of one migration script, the only place they are read: per-migration
 * timeouts and required backfills for the guard, {@code ignore} suppressions for the linter, the {@code backfill}
 * header of a backfill file. Only line comments
 * outside literals and function bodies count, as the lexer finds them.
 */
public record Directives(List<Directive> all) {

    /** The directive names Cutover knows. */
    public static final List<String> KNOWN = List.of("lock-timeout", "statement-timeout", "requires-backfill", "ignore",
            "backfill");

    private static final Pattern DIRECTIVE = Pattern.compile("cutover:([a-z-]+)\\b\\s*(.*?)\\s*$", Pattern.DOTALL);

    /** One directive comment: its name, the rest of the line, and the line it is on. */
    public record Directive(String name, String value, int line) {
    }

    /** One {@code cutover:ignore} comment: the rule it names (empty when none), its reason (empty when missing). */
    public record Suppression(String rule, String reason, int line) {
    }

    public Directives {
        all = List.copyOf(all);
    }

    /** The directives among {@code script}'s line comments. */
    public static Directives of(SqlScript script) {
        List<Directive> found = new ArrayList<>();
        for (SqlTokenizer.Comment c : script.comments()) {
            Matcher m = DIRECTIVE.matcher(c.text());
            if (c.lineComment() && m.lookingAt()) {
                found.add(new Directive(m.group(1), m.group(2), c.line()));
            }
        }
        return new Directives(found);
    }

    /** Throws {@link IllegalArgumentException} naming the first directive Cutover does not know. */
    public void requireKnown() {
        for (Directive d : all) {
            if (!KNOWN.contains(d.name())) {
                throw new IllegalArgumentException("unknown directive '-- cutover:" + d.name() + "' on line " + d.line()
                        + " (known: " + String.join(", ", KNOWN) + ")");
            }
        }
    }

    /** The last {@code -- cutover:lock-timeout}; a bad value is an {@link IllegalArgumentException} naming the line. */
    public Optional<Duration> lockTimeout() {
        return duration("lock-timeout");
    }

    /** The last {@code -- cutover:statement-timeout}; a bad value is an {@link IllegalArgumentException}. */
    public Optional<Duration> statementTimeout() {
        return duration("statement-timeout");
    }

    /** The backfills named by {@code -- cutover:requires-backfill NAME} comments, in order. */
    public List<String> requiredBackfills() {
        List<String> names = new ArrayList<>();
        for (Directive d : named("requires-backfill")) {
            if (d.value().isBlank()) {
                throw new IllegalArgumentException("'-- cutover:requires-backfill' on line " + d.line()
                        + " needs a backfill name");
            }
            names.add(d.value().split("\\s+")[0]);
        }
        return List.copyOf(names);
    }

    /** The {@code -- cutover:ignore <rule-id> <reason>} comments, in order. */
    public List<Suppression> suppressions() {
        return named("ignore").stream().map(d -> {
            String[] parts = d.value().split("\\s+", 2);
            return new Suppression(parts[0], parts.length > 1 ? parts[1].strip() : "", d.line());
        }).toList();
    }

    /**
     * The {@code -- cutover:backfill table=NAME key=COLUMN} header of a backfill file, as its {@code key=value} pairs;
     * empty when the file has none.
     */
    public Optional<Map<String, String>> backfill() {
        List<Directive> found = named("backfill");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : found.get(0).value().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'-- cutover:backfill' on line " + found.get(0).line()
                        + " takes key=value pairs (table=NAME key=COLUMN), not '" + pair + "'");
            }
            pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return Optional.of(pairs);
    }

    private Optional<Duration> duration(String name) {
        List<Directive> found = named(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Directive last = found.get(found.size() - 1);
        try {
            return Optional.of(DurationText.parse(last.value()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'-- cutover:" + name + "' on line " + last.line() + ": " + e.getMessage(), e);
        }
    }

    private List<Directive> named(String name) {
        return all.stream().filter(d -> d.name().equals(name)).toList();
    }
}
