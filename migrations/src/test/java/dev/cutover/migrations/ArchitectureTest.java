package dev.cutover.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's package structure, checked on the compiled classes: features depend on each other only in the allowed
 * direction (so there is no cycle), and no feature reaches into another's {@code internal} package.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.cutover.migrations";

    /** Each feature (first package level under the root) and the features it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("sql", Set.of()),
            Map.entry("jdbc", Set.of()),
            Map.entry("guard", Set.of("sql", "jdbc")),
            Map.entry("backfill", Set.of("guard", "sql", "jdbc")),
            Map.entry("lint", Set.of("sql")),
            Map.entry("probe", Set.of("sql", "jdbc")),
            Map.entry("seed", Set.of("jdbc")),
            Map.entry("testing", Set.of("jdbc")),
            Map.entry("(root)", Set.of("guard", "backfill", "sql", "jdbc")),
            Map.entry("adopt", Set.of("(root)", "guard", "backfill", "sql", "jdbc")),
            Map.entry("cli", Set.of("(root)", "guard", "backfill", "lint", "probe", "seed", "adopt", "sql", "jdbc")));

    private static List<Dependency> dependencies;

    @BeforeAll
    static void importClasses() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        dependencies = new ArrayList<>();
        for (JavaClass c : classes) {
            c.getDirectDependenciesFromSelf().stream()
                    .filter(d -> inModule(d.getTargetClass()) && !d.getTargetClass().getPackageName()
                            .equals(d.getOriginClass().getPackageName()))
                    .forEach(dependencies::add);
        }
        assertThat(classes).as("classes imported").hasSizeGreaterThan(50);
    }

    @Test
    void featuresDependOnlyInTheAllowedDirection() {
        Map<String, Set<String>> wrong = new TreeMap<>();
        for (Dependency d : dependencies) {
            String from = feature(d.getOriginClass());
            String to = feature(d.getTargetClass());
            if (!from.equals(to)) {
                assertThat(ALLOWED).as("feature %s is known", from).containsKey(from);
                if (!ALLOWED.get(from).contains(to)) {
                    wrong.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>()).add(d.getDescription());
                }
            }
        }
        assertThat(wrong).as("dependencies against the layering").isEmpty();
    }

    @Test
    void theAllowedDirectionsHaveNoCycle() {
        for (String start : ALLOWED.keySet()) {
            assertThat(reachable(start, new TreeSet<>())).as("features reachable from %s", start).doesNotContain(start);
        }
    }

    @Test
    void noFeatureImportsAnotherFeaturesInternals() {
        Set<String> wrong = new TreeSet<>();
        for (Dependency d : dependencies) {
            String target = d.getTargetClass().getPackageName();
            if (target.contains(".internal") && !feature(d.getOriginClass()).equals(feature(d.getTargetClass()))) {
                wrong.add(d.getDescription());
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static Set<String> reachable(String from, Set<String> seen) {
        for (String next : ALLOWED.getOrDefault(from, Set.of())) {
            if (seen.add(next)) {
                reachable(next, seen);
            }
        }
        return seen;
    }

    private static boolean inModule(JavaClass c) {
        return c.getPackageName().equals(ROOT) || c.getPackageName().startsWith(ROOT + ".");
    }

    private static String feature(JavaClass c) {
        String p = c.getPackageName();
        if (p.equals(ROOT)) {
            return "(root)";
        }
        String rest = p.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
