package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The rules {@code cutover lint} applies, in the order findings of one statement are listed. */
public final class Rules {

    private Rules() {
    }

    /**
     * The rules as a project configures them: without {@code disabled}, with the severities of {@code severities}; a
     * rule id that names no rule is an {@link IllegalArgumentException}.
     */
    public static List<LintRule> configured(Set<String> disabled, Map<String, Severity> severities) {
        Set<String> ids = all().stream().map(LintRule::id).collect(Collectors.toSet());
        for (String id : union(disabled, severities.keySet())) {
            if (!ids.contains(id)) {
                throw new IllegalArgumentException("no lint rule " + id + " (cutover lint --list-rules prints them)");
            }
        }
        return all().stream().filter(r -> !disabled.contains(r.id()))
                .map(r -> severities.containsKey(r.id()) ? new ConfiguredRule(r, severities.get(r.id())) : r)
                .toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    public static List<LintRule> all() {
        return List.of(
                new CreateIndexNotConcurrently(),
                new DropIndexNotConcurrently(),
                new ReindexNotConcurrently(),
                new DetachPartitionNotConcurrently(),
                new ConcurrentlyInTransaction(),
                new ColumnTypeChangeRewrites(),
                new VolatileDefault(),
                new AddColumnNotNullWithoutDefault(),
                new SetNotNullWithoutCheck(),
                new ConstraintNotValid(),
                new ValidateInSameTransaction(),
                new AddColumnInlineConstraint(),
                new AddExcludeConstraint(),
                new UniqueConstraintWithoutIndex(),
                new RenameColumn(),
                new RenameTable(),
                new DropColumn(),
                new DropTable(),
                new DropNotNull(),
                new TruncateCascade(),
                new UnbatchedBackfill(),
                new ConstraintBeforeBackfill(),
                new DropIndexInUse(),
                new VacuumFullOrCluster(),
                new TransactionControl(),
                new IdentifierTooLong(),
                new IntPrimaryKey(),
                new TimestampWithoutTimeZone(),
                new CharOrVarcharN(),
                new NotRerunnable());
    }
}
