package dev.cutover.migrations.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds migration files ({@code *.sql}) in files, directories, classpath folders or Flyway locations, in the order
 * Flyway applies them; the one place the linter, the guard and the probe read migration SQL from.
 */
public final class MigrationFiles {

    /** Where the service's own migrations are: this module's {@code db/migration} resources. */
    public static final String DEFAULT_LOCATION = "classpath:db/migration";

    private static final Pattern VERSIONED = Pattern.compile("^V(\\d+(?:[._]\\d+)*)__.*");

    private MigrationFiles() {
    }

    /** The SQL files among {@code paths} (directories searched recursively), versioned ones by version, then others by name. */
    public static List<MigrationFile> fromPaths(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".sql")).forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read directory " + path + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + path);
            }
        }
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString(), MigrationFiles::compareNames));
        List<MigrationFile> result = new ArrayList<>();
        for (Path file : files) {
            result.add(new MigrationFile(file.toString(), read(file)));
        }
        return result;
    }

    /** The SQL files in classpath folder {@code folder} (e.g. {@code db/migration}), in a directory or a jar. */
    public static List<MigrationFile> fromClasspath(String folder) {
        URL url = MigrationFiles.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalArgumentException("no folder " + folder + " on the classpath");
        }
        try {
            URI uri = url.toURI();
            if (!uri.getScheme().equals("jar")) {
                return relabel(fromPaths(List.of(Path.of(uri))), Path.of(uri).toString(), folder);
            }
            FileSystem fs;
            try {
                fs = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                fs = FileSystems.newFileSystem(uri, Map.of());
            }
            Path root = fs.provider().getPath(uri);
            return relabel(fromPaths(List.of(root)), root.toString(), folder);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read classpath folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The SQL files of Flyway locations ({@code classpath:db/migration}, {@code filesystem:/path}), in order. */
    public static List<MigrationFile> fromLocations(List<String> locations) {
        return fromLocations(locations, false);
    }

    /** As {@link #fromLocations(List)}, but a location that does not exist holds no files instead of failing. */
    public static List<MigrationFile> fromExistingLocations(List<String> locations) {
        return fromLocations(locations, true);
    }

    /** The {@code filesystem:} locations of {@code paths}: each directory, and the directory of each file. */
    public static List<String> locationsOf(List<Path> paths) {
        return paths.stream().map(p -> "filesystem:" + (Files.isDirectory(p) ? p : p.toAbsolutePath().getParent()))
                .toList();
    }

    /**
     * The folder named {@code folder} beside each location ({@code classpath:db/migration} gives
     * {@code classpath:db/backfill}): where files that belong with the migrations, such as backfills, live.
     */
    public static List<String> besides(List<String> locations, String folder) {
        return locations.stream().map(l -> {
            String trimmed = l.replaceFirst("/+$", "");
            int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.indexOf(':'));
            return trimmed.substring(0, slash + 1) + folder;
        }).distinct().toList();
    }

    private static List<MigrationFile> fromLocations(List<String> locations, boolean skipMissing) {
        List<MigrationFile> all = new ArrayList<>();
        for (String location : locations) {
            if (skipMissing && !exists(location)) {
                continue;
            }
            if (location.startsWith("filesystem:")) {
                all.addAll(fromPaths(List.of(Path.of(location.substring("filesystem:".length())))));
            } else {
                all.addAll(fromClasspath(location.replaceFirst("^classpath:", "").replaceFirst("^/", "")));
            }
        }
        return all;
    }

    /**
     * The text of one migration Flyway found: from its physical file when Flyway knows it, else from the first of
     * {@code locations} that has {@code script} (a path relative to its location), read with {@code loader}.
     */
    public static String read(String script, String physicalLocation, List<String> locations, ClassLoader loader) {
        try {
            if (physicalLocation != null && !physicalLocation.isBlank() && Files.isRegularFile(Path.of(physicalLocation))) {
                return Files.readString(Path.of(physicalLocation));
            }
            for (String location : locations) {
                if (location.startsWith("filesystem:")) {
                    Path p = Path.of(location.substring("filesystem:".length())).resolve(script);
                    if (Files.isRegularFile(p)) {
                        return Files.readString(p);
                    }
                } else {
                    String base = location.replaceFirst("^classpath:", "").replaceFirst("^/", "");
                    try (InputStream in = loader.getResourceAsStream(base.isEmpty() ? script : base + "/" + script)) {
                        if (in != null) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + script + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("cannot find migration " + script + " in " + locations);
    }

    private static boolean exists(String location) {
        if (location.startsWith("filesystem:")) {
            return Files.isDirectory(Path.of(location.substring("filesystem:".length())));
        }
        String folder = location.replaceFirst("^classpath:", "").replaceFirst("^/", "");
        return MigrationFiles.class.getClassLoader().getResource(folder) != null;
    }

    private static List<MigrationFile> relabel(List<MigrationFile> files, String prefix, String folder) {
        return files.stream().map(f -> new MigrationFile(folder + f.name().substring(prefix.length()), f.sql())).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Flyway's order: versioned files by numeric version parts, then everything else by name. */
    static int compareNames(String a, String b) {
        Matcher ma = VERSIONED.matcher(a);
        Matcher mb = VERSIONED.matcher(b);
        if (ma.matches() && mb.matches()) {
            String[] pa = ma.group(1).split("[._]");
            String[] pb = mb.group(1).split("[._]");
            for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
                long x = i < pa.length ? Long.parseLong(pa[i]) : 0;
                long y = i < pb.length ? Long.parseLong(pb[i]) : 0;
                if (x != y) {
                    return Long.compare(x, y);
                }
            }
            return a.compareTo(b);
        }
        if (ma.matches() != mb.matches()) {
            return ma.matches() ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
