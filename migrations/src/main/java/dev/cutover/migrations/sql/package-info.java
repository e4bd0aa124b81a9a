/**
 * API. Reading migration SQL, once for every feature: the lexer ({@link dev.cutover.migrations.sql.SqlTokenizer}), the
 * script and statement model, the statement shapes lint rules match, the {@code -- cutover:} directives and
 * suppressions, and where migration files are found.
 */
package dev.cutover.migrations.sql;
