/** Internal to {@code lint}: what earlier files did to the schema, and where suppressions apply. */
package dev.cutover.migrations.lint.internal;
