/**
 * API. The lint rules and the interface a rule implements ({@link dev.cutover.migrations.lint.rules.LintRule}, over the
 * {@code sql} model).
 */
package dev.cutover.migrations.lint.rules;
