package dev.cutover.loadtests.support;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What a simulation targets and how hard, from system properties ({@code -DbaseUrl=...}), so the same simulation
 * runs against a laptop and against staging; nothing is targeted that is not given here.
 */
public record LoadSettings(String baseUrl, double rps, int durationSeconds, int rampUpSeconds, Path loginsFile,
                           String superuser, String superuserPassword, int tokenUsers) {

    /** Reads the settings every simulation shares; the defaults fit a local service started from the README. */
    public static LoadSettings fromSystemProperties(int defaultDurationSeconds) {
        return new LoadSettings(
                trimSlash(text("baseUrl", "http://localhost:8000")),
                number("rps", 30),
                (int) number("duration", defaultDurationSeconds),
                (int) number("rampUp", 10),
                Path.of(text("loginsFile", "target/logins.csv")),
                text("superuser", "admin@example.com"),
                text("superuserPassword", "changethis"),
                (int) number("tokenUsers", 20));
    }

    public static String text(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public static double number(String name, double fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a number, got '" + value + "'");
        }
    }

    /** Requests per second of one share of the mix, e.g. {@code share(0.25)}. */
    public double share(double fraction) {
        return rps * fraction;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s at %.1f req/s for %d s (ramp-up %d s), logins from %s", baseUrl, rps,
                durationSeconds, rampUpSeconds, loginsFile);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
