package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.sql.BackfillFile;
import dev.cutover.migrations.sql.MigrationFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Backfills declared in SQL beside the migrations: {@code db/backfill/NAME.sql}, a header
 * {@code -- cutover:backfill table=TABLE key=COLUMN} and one statement over {@code $from < key <= $to} (and
 * optionally {@code $slice}).
 */
public final class SqlBackfillFiles {

    /** The folder beside a migration location that holds its backfills. */
    public static final String FOLDER = BackfillFile.FOLDER;

    private SqlBackfillFiles() {
    }

    /** The backfills in the {@value #FOLDER} folders beside {@code migrationLocations}; none where there is no folder. */
    public static List<Backfill> beside(List<String> migrationLocations) {
        List<Backfill> found = new ArrayList<>();
        for (MigrationFile file : BackfillFile.filesBeside(migrationLocations)) {
            found.add(parse(file));
        }
        return found;
    }

    /** The backfill {@code db/backfill/NAME.sql} on this library's class path declares. */
    public static Backfill shipped(String name) {
        String resource = "db/" + FOLDER + "/" + name + ".sql";
        try (InputStream in = SqlBackfillFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            return parse(new MigrationFile(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The backfill a file declares; an {@link IllegalArgumentException} naming the file says what is wrong. */
    public static Backfill parse(MigrationFile file) {
        try {
            BackfillFile declared = BackfillFile.parse(file);
            String sql = file.sql().lines().filter(l -> !l.strip().startsWith("--"))
                    .collect(Collectors.joining("\n")).strip().replaceFirst(";\\s*$", "");
            return Backfill.ofSql(declared.name(), declared.table(), declared.key(), sql);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backfill file " + file.name() + ": " + e.getMessage(), e);
        }
    }
}
