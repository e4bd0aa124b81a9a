package dev.cutover.loadtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The seeded users of a logins file written by {@code cutover seed --logins-file} ({@code id,email,password}). */
public final class SeededLogins {

    /** One seeded user. */
    public record Login(String id, String email, String password) {
    }

    private SeededLogins() {
    }

    public static List<Login> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no logins file at " + file.toAbsolutePath()
                    + ": write one with ./cutover seed --users N --logins-file PATH and pass -DloginsFile=PATH");
        }
        List<Login> logins = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                String[] fields = lines.get(i).split(",", 3);
                if (fields.length == 3) {
                    logins.add(new Login(fields[0], fields[1], fields[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (logins.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no logins (expected a header id,email,password, then rows)");
        }
        return List.copyOf(logins);
    }
}
