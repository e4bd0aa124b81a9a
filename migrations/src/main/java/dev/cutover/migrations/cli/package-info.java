/** Internal: the {@code cutover} command line; public only for picocli. Nothing depends on it. */
package dev.cutover.migrations.cli;
