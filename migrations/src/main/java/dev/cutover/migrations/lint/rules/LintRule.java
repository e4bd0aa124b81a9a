package dev.cutover.migrations.lint.rules;

import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.sql.SqlStatement;
import dev.cutover.migrations.sql.Token;

/** One lint check, applied to every statement of every migration file in order. */
public interface LintRule {

    /** The rule's kebab-case id, as findings and {@code -- cutover:ignore} comments name it. */
    String id();

    Severity severity();

    /** The safe alternative, one or two sentences. */
    String fix();

    /**
     * Whether this rule's findings mark a contract step: the statement drops or renames something a running release
     * may still use. {@link dev.cutover.migrations.lint.Linter#isContractStep} asks only these rules.
     */
    default boolean marksContractStep() {
        return false;
    }

    /** Reports each violation in {@code statement} to {@code sink}; {@code context} knows the statements before it. */
    void check(SqlStatement statement, LintContext context, Sink sink);

    /** Where a rule reports: the token the violation is at (for its line) and a message naming the object. */
    @FunctionalInterface
    interface Sink {
        void report(Token at, String message);
    }
}
