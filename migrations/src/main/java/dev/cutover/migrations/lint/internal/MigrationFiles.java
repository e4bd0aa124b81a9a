package dev.cutover.migrations.lint.internal;

import dev.cutover.migrations.lint.Linter.Source;
import java.io.IOException;
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

/** Finds migration files ({@code *.sql}) in files, directories or a classpath folder, in the order Flyway applies them. */
public final class MigrationFiles {

    private static final Pattern VERSIONED = Pattern.compile("^V(\\d+(?:[._]\\d+)*)__.*");

    private MigrationFiles() {
    }

    /** The SQL files among {@code paths} (directories searched recursively), versioned ones by version, then others by name. */
    public static List<Source> fromPaths(List<Path> paths) {
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
        List<Source> result = new ArrayList<>();
        for (Path file : files) {
            result.add(new Source(file.toString(), read(file)));
        }
        return result;
    }

    /** The SQL files in classpath folder {@code folder} (e.g. {@code db/migration}), in a directory or a jar. */
    public static List<Source> fromClasspath(String folder) {
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
    public static List<Source> fromLocations(List<String> locations) {
        List<Source> all = new ArrayList<>();
        for (String location : locations) {
            if (location.startsWith("filesystem:")) {
                all.addAll(fromPaths(List.of(Path.of(location.substring("filesystem:".length())))));
            } else {
                all.addAll(fromClasspath(location.replaceFirst("^classpath:", "").replaceFirst("^/", "")));
            }
        }
        return all;
    }

    private static List<Source> relabel(List<Source> files, String prefix, String folder) {
        return files.stream().map(f -> new Source(folder + f.name().substring(prefix.length()), f.sql())).toList();
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
