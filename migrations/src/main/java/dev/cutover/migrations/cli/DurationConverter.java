package dev.cutover.migrations.cli;

import dev.cutover.migrations.sql.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** Reads {@code 100ms}, {@code 2s}, {@code 10m}, {@code 1h} (or ISO-8601) from the command line. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse(value);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 250ms, 2s, 5m or 1h");
        }
    }
}
