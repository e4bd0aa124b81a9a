package dev.cutover.migrations.sql;

/** One migration file: the name it is reported under (a path or a classpath name) and its SQL. */
public record MigrationFile(String name, String sql) {
}
