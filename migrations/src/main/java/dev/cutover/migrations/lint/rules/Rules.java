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
                new ConcurrentlyInTransaction(),
                new ColumnTypeChangeRewrites(),
                new VolatileDefault(),
                new AddColumnNotNullWithoutDefault(),
                new SetNotNullWithoutCheck(),
                new ConstraintNotValid(),
                new UniqueConstraintWithoutIndex(),
                new RenameColumn(),
                new RenameTable(),
                new DropColumn(),
                new DropTable(),
                new DropIndexInUse(),
                new VacuumFullOrCluster(),
                new IntPrimaryKey(),
                new TimestampWithoutTimeZone(),
                new CharOrVarcharN(),
                new NotRerunnable());
    }
}
