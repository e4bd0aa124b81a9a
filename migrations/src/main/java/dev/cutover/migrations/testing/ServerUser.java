package dev.cutover.migrations.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The user that PostgreSQL's own programs (postgres, pg_ctl, PgBouncer) run as when a test starts them: they refuse
 * root, so as root it is the Debian packages' {@code postgres} user, else the current one.
 */
public final class ServerUser {

    private ServerUser() {
    }

    /** The user's name, for chown. */
    public static String name() {
        return isRoot() ? "postgres" : System.getProperty("user.name");
    }

    /** {@code command}, run as that user. */
    public static List<String> wrap(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
