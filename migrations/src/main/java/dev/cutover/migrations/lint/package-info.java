/** API. The migration linter: {@link dev.cutover.migrations.lint.Linter} and its findings. */
package dev.cutover.migrations.lint;
