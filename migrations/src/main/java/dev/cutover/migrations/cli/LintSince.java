package dev.cutover.migrations.cli;

import dev.cutover.migrations.lint.Finding;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;

/** {@code cutover lint --since}: keeps the findings of files newer than a version, and of files without one. */
final class LintSince {

    private static final Pattern VERSIONED = Pattern.compile("(?:^|[/\\\\])V(\\d+(?:[._]\\d+)*)__[^/\\\\]*$");

    private LintSince() {
    }

    static List<Finding> after(List<Finding> findings, String version) {
        MigrationVersion since = MigrationVersion.fromVersion(version);
        return findings.stream().filter(f -> {
            Matcher m = VERSIONED.matcher(f.file());
            return !m.find() || MigrationVersion.fromVersion(m.group(1).replace('_', '.')).compareTo(since) > 0;
        }).toList();
    }
}
