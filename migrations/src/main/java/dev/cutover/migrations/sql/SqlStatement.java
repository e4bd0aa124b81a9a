package dev.cutover.migrations.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One SQL statement as tokens (without its closing {@code ;}), with helpers to match keyword sequences. */
public final class SqlStatement {

    private final List<Token> tokens;

    public SqlStatement(List<Token> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a statement has at least one token");
        }
        this.tokens = List.copyOf(tokens);
    }

    public List<Token> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    public Token token(int index) {
        return tokens.get(index);
    }

    /** The line the statement starts on. */
    public int line() {
        return tokens.get(0).line();
    }

    /** The line of its last token. */
    public int lastLine() {
        return tokens.get(tokens.size() - 1).line();
    }

    /** Whether the tokens from {@code index} on are {@code keys} (upper-case keywords or symbols). */
    public boolean matches(int index, String... keys) {
        if (index < 0 || index + keys.length > tokens.size()) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (!tokens.get(index + i).is(keys[i])) {
                return false;
            }
        }
        return true;
    }

    public boolean startsWith(String... keys) {
        return matches(0, keys);
    }

    /** The first index at or after {@code from} where {@code keys} match, or -1. */
    public int find(int from, String... keys) {
        for (int i = Math.max(0, from); i + keys.length <= tokens.size(); i++) {
            if (matches(i, keys)) {
                return i;
            }
        }
        return -1;
    }

    public boolean contains(String... keys) {
        return find(0, keys) >= 0;
    }

    /** The index of the {@code )} closing the {@code (} at {@code open}, or the last index when it is unbalanced. */
    public int closingParen(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                depth++;
            } else if (tokens.get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /** The tokens in {@code [from, to)} split at commas outside parentheses; empty parts are left out. */
    public List<List<Token>> splitTopLevel(int from, int to) {
        List<List<Token>> parts = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.is("(") || t.is("[")) {
                depth++;
            } else if (t.is(")") || t.is("]")) {
                depth--;
            }
            if (depth == 0 && t.is(",")) {
                if (!current.isEmpty()) {
                    parts.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    /** The statement's text rebuilt from its tokens, one space apart (comments left out). */
    public String text() {
        return tokens.stream().map(Token::text).collect(Collectors.joining(" "));
    }

    /**
     * The statement's code for pattern matching: tokens one space apart, but none around {@code .} so qualified names
     * stay whole, and every string or dollar-quoted literal replaced by {@code ''} so nothing inside one is read as
     * code.
     */
    public String code() {
        StringBuilder s = new StringBuilder();
        Token previous = null;
        for (Token t : tokens) {
            if (previous != null && !t.is(".") && !previous.is(".")) {
                s.append(' ');
            }
            boolean literal = t.kind() == Token.Kind.STRING || t.kind() == Token.Kind.DOLLAR_STRING;
            s.append(literal ? "''" : t.text());
            previous = t;
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "line " + line() + ": " + text();
    }
}
