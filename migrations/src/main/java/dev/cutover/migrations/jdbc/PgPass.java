package dev.cutover.migrations.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The password file libpq reads when a connection gives no password: {@code PGPASSFILE}, else {@code ~/.pgpass}. Each
 * line is {@code hostname:port:database:username:password}, {@code *} matching anything, {@code \:} and {@code \\}
 * escaping; the first matching line wins. As libpq does, a file that group or others may read is ignored.
 */
public final class PgPass {

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PgPass() {
    }

    /** The password file this process would read: {@code $PGPASSFILE}, else {@code ~/.pgpass}. */
    public static Path defaultFile() {
        String configured = System.getenv("PGPASSFILE");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".pgpass");
    }

    /** The password {@code file} gives for this server, database and user; empty when none does or it cannot be used. */
    public static Optional<String> lookup(Path file, DatabaseUrl.Host host, String database, String user) {
        if (!Files.isRegularFile(file) || tooOpen(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        // libpq matches a Unix socket in the default directory as "localhost".
        String hostName = host.isSocket() ? "localhost" : host.name();
        String[] wanted = {hostName, String.valueOf(host.port()), database, user};
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() < 5) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < 4 && match; i++) {
                match = fields.get(i).equals("*") || fields.get(i).equals(wanted[i]);
            }
            if (match) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    private static boolean tooOpen(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(TOO_OPEN::contains)) {
                System.err.println("cutover: WARNING: password file " + file + " has group or world access; "
                        + "permissions should be u=rw (0600) or less: ignoring it");
                return true;
            }
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /** The line's fields: split at unescaped colons, the last field taking the rest of the line. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
