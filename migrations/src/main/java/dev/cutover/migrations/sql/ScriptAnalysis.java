package dev.cutover.migrations.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the guard and the probe need to know of a migration script before running it: the relations it locks, the
 * indexes it builds concurrently, and whether it runs outside a transaction. Patterns over the script's tokens, not a
 * full parse: a name it misses only makes the pre-flight less thorough, never the migration less guarded, because
 * lock_timeout still applies to every statement.
 *
 * @param relations         names as written (possibly schema-qualified), tables or indexes
 * @param concurrentIndexes indexes built or rebuilt by {@code CREATE/REINDEX ... CONCURRENTLY}
 * @param concurrent        the script holds a statement PostgreSQL refuses to run in a transaction
 */
public record ScriptAnalysis(List<String> relations, List<String> concurrentIndexes, boolean concurrent) {

    private static final String ID = "((?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*))?)";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final List<Pattern> RELATION = List.of(
            Pattern.compile("\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?" + ID, FLAGS),
            Pattern.compile("\\bCREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?"
                    + "(?:(?!ON\\b)" + ID + "\\s+)?ON\\s+(?:ONLY\\s+)?" + ID, FLAGS),
            Pattern.compile("\\bTRIGGER\\s+" + ID + "[^;]*?\\bON\\s+" + ID, FLAGS),
            Pattern.compile("\\bREFERENCES\\s+" + ID, FLAGS),
            Pattern.compile("\\b(?:UPDATE|DELETE\\s+FROM|INSERT\\s+INTO|TRUNCATE(?:\\s+TABLE)?|LOCK(?:\\s+TABLE)?|CLUSTER"
                    + "|VACUUM(?:\\s*\\([^)]*\\))?(?:\\s+FULL)?(?:\\s+ANALYZE)?|ANALYZE)\\s+(?:ONLY\\s+)?" + ID, FLAGS),
            Pattern.compile("\\bDROP\\s+(?:TABLE|INDEX)\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+EXISTS\\s+)?" + ID, FLAGS),
            Pattern.compile("\\bREINDEX\\s+(?:\\([^)]*\\)\\s*)?(?:TABLE|INDEX)\\s+(?:CONCURRENTLY\\s+)?" + ID, FLAGS));
    private static final Pattern CONCURRENT_BUILD = Pattern.compile(
            "\\bCREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?!ON\\b)" + ID
                    + "|\\bREINDEX\\s+(?:\\([^)]*\\)\\s*)?INDEX\\s+CONCURRENTLY\\s+" + ID, FLAGS);
    private static final Set<String> NOT_NAMES = Set.of("of", "only", "on", "set", "concurrently");

    /** Analyses {@code sql}; an unterminated literal or comment is an {@link IllegalArgumentException}. */
    public static ScriptAnalysis of(String sql) {
        return of(SqlScript.parse(sql));
    }

    /**
     * Analyses a parsed script. The patterns see each statement's code with literals blanked ({@link SqlStatement#code()}),
     * so nothing inside a string, a dollar-quoted body or a comment is taken for a statement or a name.
     */
    public static ScriptAnalysis of(SqlScript script) {
        String code = script.statements().stream().map(SqlStatement::code).collect(Collectors.joining(";\n"));
        Set<String> relations = new LinkedHashSet<>();
        for (Pattern p : RELATION) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                // The last group is the locked relation (a trigger's or index's own name comes first).
                String name = m.group(m.groupCount());
                if (name != null && !NOT_NAMES.contains(name.toLowerCase())) {
                    relations.add(name);
                }
            }
        }
        Set<String> built = new LinkedHashSet<>();
        Matcher m = CONCURRENT_BUILD.matcher(code);
        while (m.find()) {
            built.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        boolean concurrent = script.statements().stream()
                .anyMatch(s -> s.contains("CONCURRENTLY") || s.startsWith("VACUUM"));
        return new ScriptAnalysis(List.copyOf(relations), List.copyOf(built), concurrent);
    }
}
