package dev.cutover.loadtests.report.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The rehearsal's arrival rate and where it came from, kept as {@code rate.properties} in the rehearsal's directory:
 * a fraction of a capacity measured against the same service in the same run ({@code capacityRps > 0}), or a rate
 * given on the command line ({@code capacityRps == 0}). {@code source} says where the capacity was measured.
 */
public record Rate(double rps, double capacityRps, double fraction, String source) {

    public static final String FILE = "rate.properties";

    /** The fraction of a measured capacity. */
    public static Rate ofCapacity(double capacityRps, double fraction, String source) {
        return new Rate(Math.max(1, Math.round(capacityRps * fraction)), capacityRps, fraction, source);
    }

    public boolean derived() {
        return capacityRps > 0;
    }

    /** One sentence for the report. */
    public String describe() {
        return derived()
                ? String.format(Locale.ROOT, "%,.0f req/s = %.2f × the service's capacity for this mix, %,.0f req/s, "
                + "measured %s", rps, fraction, capacityRps, source)
                : String.format(Locale.ROOT, "%,.0f req/s, as given (no capacity measured)", rps);
    }

    public void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("rps", String.format(Locale.ROOT, "%.0f", rps));
        p.setProperty("capacity_rps", String.format(Locale.ROOT, "%.1f", capacityRps));
        p.setProperty("fraction", String.format(Locale.ROOT, "%.2f", fraction));
        p.setProperty("source", source);
        try (Writer out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(out, "the rehearsal's rate");
        }
    }

    /** The rate of a rehearsal directory, when it has one. */
    public static Optional<Rate> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return Optional.of(new Rate(Double.parseDouble(p.getProperty("rps", "0")),
                Double.parseDouble(p.getProperty("capacity_rps", "0")),
                Double.parseDouble(p.getProperty("fraction", "0")), p.getProperty("source", "")));
    }
}
