package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;

/** A rule with the severity a project's configuration gives it instead of its own. */
record ConfiguredRule(LintRule rule, Severity severity) implements LintRule {

    @Override
    public String id() {
        return rule.id();
    }

    @Override
    public String fix() {
        return rule.fix();
    }

    @Override
    public void check(SqlStatement statement, LintContext context, Sink sink) {
        rule.check(statement, context, sink);
    }
}
