package dev.cutover.migrations.lint;

/** One lint finding: where ({@code file}, {@code line}), which rule, how bad, what is wrong and the safe alternative. */
public record Finding(String file, int line, String rule, Severity severity, String message, String fix) {
}
