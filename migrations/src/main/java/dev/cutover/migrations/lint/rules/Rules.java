package dev.cutover.migrations.lint.rules;

import java.util.List;

/** The rules {@code cutover lint} applies, in the order findings of one statement are listed. */
public final class Rules {

    private Rules() {
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
