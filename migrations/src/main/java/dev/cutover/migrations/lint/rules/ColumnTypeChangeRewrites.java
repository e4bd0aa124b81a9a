package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.AlterTable;
import dev.cutover.migrations.sql.ColumnDefinition;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.TypeName;

/**
 * {@code ALTER COLUMN ... TYPE} rewrites the table and its indexes under ACCESS EXCLUSIVE, unless the change is
 * binary-coercible: varchar/text to text or unbounded varchar, varchar(n) to a larger n, numeric(p,s) to a larger p.
 */
public final class ColumnTypeChangeRewrites implements LintRule {

    @Override
    public String id() {
        return "column-type-change-rewrites";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String fix() {
        return "Add a column of the new type, fill new writes with a trigger, backfill in batches, build its indexes "
                + "CONCURRENTLY, switch reads, then drop the old column in a later release.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        Statements.eachAlterAction(s, context, (alter, action) -> {
            int type = Statements.newTypeIndex(action);
            String column = AlterTable.alteredColumn(action);
            if (type < 0 || column == null) {
                return;
            }
            TypeName to = ColumnDefinition.readType(action, type);
            TypeName from = context.columnType(alter.table(), column);
            boolean using = action.contains("USING");
            if (!using && from != null && binaryCoercible(from, to)) {
                return;
            }
            String reason = using ? "a USING expression always rewrites"
                    : from == null ? "the linted files do not show its current type, so it cannot be shown to be "
                            + "binary-coercible (varchar(n) to text or to a larger n)"
                    : from.normalized() + " to " + to.normalized() + " is not binary-coercible";
            sink.report(action.token(0), "changing the type of " + alter.table() + "." + column + " to "
                    + to.normalized() + " rewrites the table and its indexes under ACCESS EXCLUSIVE: " + reason);
        });
    }

    private static boolean binaryCoercible(TypeName from, TypeName to) {
        if (from.isArray() || to.isArray()) {
            return false;
        }
        boolean fromString = from.isVarchar() || from.isText();
        if (fromString && (to.isText() || (to.isVarchar() && to.length() < 0))) {
            return true;
        }
        if (from.isVarchar() && to.isVarchar()) {
            return from.length() >= 0 && to.length() >= from.length();
        }
        if (from.base().equals("numeric") && to.base().equals("numeric")) {
            String[] f = modifiers(from);
            String[] t = modifiers(to);
            return t.length == 0 || (f.length > 0 && Integer.parseInt(t[0]) >= Integer.parseInt(f[0])
                    && scale(f) == scale(t));
        }
        return from.normalized().equals(to.normalized());
    }

    private static String[] modifiers(TypeName type) {
        String n = type.normalized();
        int open = n.indexOf('(');
        return open < 0 ? new String[0] : n.substring(open + 1, n.indexOf(')', open)).split(",");
    }

    private static int scale(String[] modifiers) {
        return modifiers.length > 1 ? Integer.parseInt(modifiers[1].strip()) : 0;
    }
}
