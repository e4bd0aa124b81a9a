package dev.cutover.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's package structure, checked on the compiled classes: each package uses only the packages it is allowed
 * to (so dependencies point one way and there is no cycle), and each package says what it is for.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.cutover.service";

    /** Each package under the root and the packages it may use; the order reads from the bottom layer up. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("config", Set.of()),
            Map.entry("db", Set.of()),
            Map.entry("metrics", Set.of()),
            Map.entry("mail", Set.of("config")),
            Map.entry("users", Set.of("config", "db")),
            Map.entry("items", Set.of("db")),
            Map.entry("backfill", Set.of("config")),
            Map.entry("api.errors", Set.of("db")),
            Map.entry("auth", Set.of("config", "users", "api.errors")),
            Map.entry("api.model", Set.of("api.errors", "items", "users")),
            Map.entry("api", Set.of("api.errors", "api.model", "auth", "backfill", "config", "db", "items", "mail",
                    "metrics", "users")),
            Map.entry("startup", Set.of("auth", "config", "users")));

    private static JavaClasses classes;
    private static List<Dependency> dependencies;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        dependencies = new ArrayList<>();
        for (JavaClass c : classes) {
            c.getDirectDependenciesFromSelf().stream()
                    .filter(d -> inService(d.getTargetClass()) && !d.getTargetClass().getPackageName()
                            .equals(d.getOriginClass().getPackageName()))
                    .forEach(dependencies::add);
        }
        assertThat(classes).as("classes imported").hasSizeGreaterThan(50);
    }

    @Test
    void everyPackageIsPlaced() {
        Set<String> packages = new TreeSet<>();
        classes.forEach(c -> packages.add(name(c)));
        assertThat(ALLOWED.keySet()).containsAll(packages);
    }

    @Test
    void packagesDependOnlyInTheAllowedDirection() {
        Map<String, Set<String>> wrong = new TreeMap<>();
        for (Dependency d : dependencies) {
            String from = name(d.getOriginClass());
            String to = name(d.getTargetClass());
            if (!ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
                wrong.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>()).add(d.getDescription());
            }
        }
        assertThat(wrong).as("dependencies against the layering").isEmpty();
    }

    @Test
    void theAllowedDirectionsHaveNoCycle() {
        for (String start : ALLOWED.keySet()) {
            assertThat(reachable(start, new TreeSet<>())).as("packages reachable from %s", start).doesNotContain(start);
        }
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        Path sources = Path.of("src/main/java", ROOT.split("\\."));
        Set<Path> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).map(Path::getParent)
                    .filter(dir -> !Files.exists(dir.resolve("package-info.java"))).forEach(missing::add);
        }
        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    private static Set<String> reachable(String from, Set<String> seen) {
        for (String next : ALLOWED.getOrDefault(from, Set.of())) {
            if (seen.add(next)) {
                reachable(next, seen);
            }
        }
        return seen;
    }

    private static boolean inService(JavaClass c) {
        return c.getPackageName().startsWith(ROOT + ".");
    }

    /** The package relative to the root: {@code api.errors} for {@code dev.cutover.service.api.errors}. */
    private static String name(JavaClass c) {
        return c.getPackageName().substring(ROOT.length() + 1);
    }
}
