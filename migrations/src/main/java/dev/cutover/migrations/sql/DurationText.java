package dev.cutover.migrations.sql;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as text: parses them the way PostgreSQL settings spell them ({@code 100ms}, {@code 2s}, {@code 10min},
 * {@code 1h}) or as ISO-8601, and prints them for a setting or for people.
 */
public final class DurationText {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*(ms|s|sec|m|min|h)?");

    private DurationText() {
    }

    /** Parses {@code text}; a bare number is milliseconds, as PostgreSQL reads it for the timeouts. */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            return Duration.parse(t);
        }
        Matcher m = AMOUNT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 100ms, 2s, 10min, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s", "sec" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** The setting value PostgreSQL takes for {@code SET lock_timeout}, in milliseconds. */
    public static String setting(Duration d) {
        return d.toMillis() + "ms";
    }

    /** A short human form: {@code 850ms}, {@code 12.4s}, {@code 3m05s}. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
