package dev.cutover.service.config;

import java.util.Arrays;
import java.util.Optional;

/** What stands between the service and PostgreSQL, as {@code DATABASE_POOLER} says. */
public enum Pooler {
    /** PostgreSQL itself, or a pooler that gives each client a server session of its own (PgBouncer's session mode). */
    NONE("none"),
    /** A pooler that gives each transaction any server session: PgBouncer in transaction mode. */
    TRANSACTION("transaction");

    /** The environment variable that names the pooler. */
    public static final String VARIABLE = "DATABASE_POOLER";

    private final String setting;

    Pooler(String setting) {
        this.setting = setting;
    }

    /** The value of {@value #VARIABLE} that selects this pooler. */
    public String setting() {
        return setting;
    }

    /** The pooler {@code value} names (none when blank), or empty when it names none of them. */
    public static Optional<Pooler> of(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(NONE);
        }
        return Arrays.stream(values()).filter(p -> p.setting.equals(value.trim())).findFirst();
    }
}
