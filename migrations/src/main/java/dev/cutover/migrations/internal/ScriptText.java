package dev.cutover.migrations.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The text of a Flyway SQL migration, found the way Flyway found it: in one of the configured locations. */
public final class ScriptText {

    private ScriptText() {
    }

    /** Reads {@code script} (a path relative to its location) from the first of {@code locations} that has it. */
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
                    String base = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
                    base = base.startsWith("/") ? base.substring(1) : base;
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
}
