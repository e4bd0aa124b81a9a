package dev.cutover.migrations.probe.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** PostgreSQL's table lock modes in order of strength, with their SQL names and what each blocks. */
public final class LockModes {

    private static final List<String> ORDER = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    private LockModes() {
    }

    /** Strongest last. */
    public static final Comparator<String> BY_STRENGTH = Comparator.comparingInt(ORDER::indexOf);

    /** {@code AccessExclusiveLock} as SQL writes it: {@code ACCESS EXCLUSIVE}. */
    public static String sqlName(String pgLocksMode) {
        return pgLocksMode.replaceFirst("Lock$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    /** What the mode (pg_locks form) makes other sessions' traffic wait for. */
    public static String blocks(String pgLocksMode) {
        return switch (pgLocksMode) {
            case "AccessExclusiveLock" -> "all reads and writes (even SELECT) queue behind it";
            case "ExclusiveLock", "ShareRowExclusiveLock", "ShareLock" -> "writes queue behind it; reads go on";
            case "ShareUpdateExclusiveLock" -> "other DDL, VACUUM and ANALYZE wait; reads and writes go on";
            default -> "nothing but DDL that needs a stronger lock";
        };
    }
}
