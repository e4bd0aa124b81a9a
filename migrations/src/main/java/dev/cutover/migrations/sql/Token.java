package dev.cutover.migrations.sql;

import java.util.Locale;

/**
 * One lexical token of a SQL script: {@code text} as written, {@code key} the text upper-cased for keyword and
 * symbol comparison (identifiers in double quotes keep their case in {@code text} and never match a keyword).
 */
public record Token(Kind kind, String text, int line) {

    /** What a token is; string and dollar-quoted bodies are single tokens, so rules never look inside them. */
    public enum Kind { WORD, QUOTED_IDENTIFIER, STRING, DOLLAR_STRING, NUMBER, SYMBOL }

    /** The upper-cased text of a word or symbol, empty for literals and quoted identifiers. */
    public String key() {
        return kind == Kind.WORD || kind == Kind.SYMBOL ? text.toUpperCase(Locale.ROOT) : "";
    }

    /** Whether this token is the keyword or symbol {@code expected} (given upper-case). */
    public boolean is(String expected) {
        return key().equals(expected);
    }

    /** The identifier this token names: unquoted words fold to lower case as PostgreSQL does, quoted ones are kept. */
    public String identifier() {
        return kind == Kind.QUOTED_IDENTIFIER ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
                : text.toLowerCase(Locale.ROOT);
    }
}
