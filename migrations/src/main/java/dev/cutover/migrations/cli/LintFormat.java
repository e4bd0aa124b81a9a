package dev.cutover.migrations.cli;

/** How {@code cutover lint} prints its findings. */
public enum LintFormat {
    /** For people: one finding and its fix per entry, then the counts. */
    TEXT,
    /** An array of {@code {file, line, rule, severity, message, fix}}. */
    JSON,
    /** SARIF 2.1.0, for GitHub code scanning ({@code github/codeql-action/upload-sarif}). */
    SARIF,
    /** GitHub Actions workflow commands: {@code ::error file=...,line=...::message}, shown as annotations. */
    GITHUB,
    /** GitLab Code Quality JSON ({@code artifacts:reports:codequality}). */
    GITLAB
}
