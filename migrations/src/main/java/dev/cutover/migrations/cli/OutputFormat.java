package dev.cutover.migrations.cli;

/** How a command prints: for people, or one JSON document for machines. */
public enum OutputFormat {
    TEXT, JSON
}
