package dev.cutover.migrations.lint;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How bad a finding is: an {@code error} fails {@code cutover lint} (exit 1), a {@code warning} does not. */
public enum Severity {
    ERROR, WARNING;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
