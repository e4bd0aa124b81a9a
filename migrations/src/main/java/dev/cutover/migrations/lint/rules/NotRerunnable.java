package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;
import java.util.Set;

/**
 * Statements that fail when run a second time: after a partial failure of a file that cannot run in one
 * transaction (CONCURRENTLY), or when an operator re-applies it by hand, the re-run stops at them.
 */
public final class NotRerunnable implements LintRule {

    private static final Set<String> IF_NOT_EXISTS_OBJECTS = Set.of("TABLE", "INDEX", "SEQUENCE", "SCHEMA",
            "EXTENSION", "MATERIALIZED");
    private static final Set<String> OR_REPLACE_OBJECTS = Set.of("FUNCTION", "PROCEDURE", "VIEW", "TRIGGER", "RULE",
            "AGGREGATE");

    @Override
    public String id() {
        return "not-rerunnable";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String fix() {
        return "Write it so a second run is a no-op: CREATE ... IF NOT EXISTS, CREATE OR REPLACE, ADD COLUMN IF NOT "
                + "EXISTS, DROP ... IF EXISTS.";
    }

    @Override
    public void check(SqlStatement s, LintContext context, Sink sink) {
        if (s.startsWith("CREATE")) {
            checkCreate(s, sink);
        } else if (s.startsWith("DROP") && s.size() > 1 && s.find(1, "IF", "EXISTS") < 0) {
            sink.report(s.token(0), "DROP " + s.token(1).text().toUpperCase(java.util.Locale.ROOT)
                    + " without IF EXISTS fails when run again");
        }
        Statements.eachAddedColumn(s, context, (alter, column) -> {
            if (!column.ifNotExists()) {
                sink.report(column.nameToken(), "ADD COLUMN " + alter.table() + "." + column.name()
                        + " without IF NOT EXISTS fails when run again");
            }
        });
        Statements.eachAlterAction(s, context, (alter, action) -> {
            if (action.startsWith("DROP") && !action.contains("IF", "EXISTS")) {
                sink.report(action.token(0), "DROP " + (action.matches(1, "CONSTRAINT") ? "CONSTRAINT" : "COLUMN")
                        + " on " + alter.table() + " without IF EXISTS fails when run again");
            }
        });
    }

    private static void checkCreate(SqlStatement s, Sink sink) {
        boolean orReplace = s.matches(1, "OR", "REPLACE");
        int i = orReplace ? 3 : 1;
        while (i < s.size() && (s.token(i).is("UNIQUE") || s.token(i).is("TEMP") || s.token(i).is("TEMPORARY")
                || s.token(i).is("UNLOGGED") || s.token(i).is("GLOBAL") || s.token(i).is("LOCAL")
                || s.token(i).is("RECURSIVE") || s.token(i).is("CONSTRAINT") || s.token(i).is("TRUSTED"))) {
            i++;
        }
        if (i >= s.size()) {
            return;
        }
        String object = s.token(i).key();
        if (IF_NOT_EXISTS_OBJECTS.contains(object) && !s.contains("IF", "NOT", "EXISTS")) {
            sink.report(s.token(0), "CREATE " + (object.equals("MATERIALIZED") ? "MATERIALIZED VIEW" : object)
                    + " without IF NOT EXISTS fails when run again");
        } else if (OR_REPLACE_OBJECTS.contains(object) && !orReplace) {
            sink.report(s.token(0), "CREATE " + object + " without OR REPLACE fails when run again");
        }
    }
}
