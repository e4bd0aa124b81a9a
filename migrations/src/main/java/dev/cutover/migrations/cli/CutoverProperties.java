package dev.cutover.migrations.cli;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.DurationText;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The project's {@code cutover.properties}: lint severities, disabled rules, excluded paths, the PostgreSQL version
 * the advice assumes, and the guard's defaults. Command-line options override it; an unknown key is an error, so a
 * typo does not pass silently.
 */
public final class CutoverProperties {

    /** The file name looked for: in the working directory, else in the migrations folder. */
    public static final String FILE_NAME = "cutover.properties";

    private static final Set<String> KEYS = Set.of("lint.disable", "lint.exclude", "pg.version", "guard.lock-timeout",
            "guard.statement-timeout", "guard.retry-budget", "guard.max-attempts", "guard.backoff-floor",
            "guard.backoff-max", "guard.blockers", "guard.blocker-age", "migrate.inline-backfill-below",
            "migrate.contract-wait");
    private static final Pattern SEVERITY_KEY = Pattern.compile("lint\\.severity\\.[a-z0-9-]+");

    private final Map<String, String> values;
    private final String source;

    private CutoverProperties(Map<String, String> values, String source) {
        this.values = values;
        this.source = source;
    }

    /** No file: every setting at its default. */
    public static CutoverProperties none() {
        return new CutoverProperties(Map.of(), "defaults");
    }

    /**
     * {@code explicit} when given (it must exist), else {@code ./cutover.properties}, else the one in the first
     * {@code filesystem:} migration location; none when there is no such file.
     */
    public static CutoverProperties find(Path explicit, List<String> locations) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new IllegalArgumentException("no config file " + explicit);
            }
            return read(explicit);
        }
        Path here = Path.of(FILE_NAME);
        if (Files.isRegularFile(here)) {
            return read(here);
        }
        for (String location : locations) {
            if (location.startsWith("filesystem:")) {
                Path beside = Path.of(location.substring("filesystem:".length())).resolve(FILE_NAME);
                if (Files.isRegularFile(beside)) {
                    return read(beside);
                }
            }
        }
        return none();
    }

    /** Reads {@code file} (Java properties: {@code key = value}, {@code #} comments); unknown keys fail, named. */
    public static CutoverProperties read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (!KEYS.contains(key) && !SEVERITY_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ", lint.severity.<rule-id>)");
            }
            values.put(key, p.getProperty(key).strip());
        }
        return new CutoverProperties(values, file.toString());
    }

    /** The rules {@code lint.disable} turns off. */
    public Set<String> disabledRules() {
        return list("lint.disable");
    }

    /** Glob patterns of files whose findings are left out ({@code lint.exclude}), e.g. {@code **}{@code /V1__*.sql}. */
    public Set<String> excludedPaths() {
        return list("lint.exclude");
    }

    /** {@code lint.severity.<rule-id> = error|warning}, by rule id. */
    public Map<String, Severity> severities() {
        Map<String, Severity> found = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (SEVERITY_KEY.matcher(key).matches()) {
                try {
                    found.put(key.substring("lint.severity.".length()), Severity.valueOf(value.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": " + key + " must be error or warning, not " + value);
                }
            }
        });
        return found;
    }

    public Optional<Integer> pgVersion() {
        return get("pg.version").map(v -> integer("pg.version", v));
    }

    /** A {@code guard.*} duration ({@code 100ms}, {@code 2s}, {@code 10m}). */
    public Optional<Duration> duration(String key) {
        return get(key).map(v -> {
            try {
                return DurationText.parse(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + key + ": " + e.getMessage());
            }
        });
    }

    public Optional<Integer> integer(String key) {
        return get(key).map(v -> integer(key, v));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /** Where the settings came from: a file's path, or {@code defaults}. */
    public String source() {
        return source;
    }

    private int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + key + " must be a whole number, not " + value);
        }
    }

    private Set<String> list(String key) {
        return get(key).map(v -> Set.copyOf(Arrays.stream(v.split("\\s*,\\s*")).filter(s -> !s.isEmpty()).toList()))
                .orElse(Set.of());
    }
}
