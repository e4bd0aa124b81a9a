package dev.cutover.migrations.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PostgreSQL source into tokens and comments with their line numbers, honouring string literals (with
 * {@code ''} and, in {@code E''} strings, backslash escapes), quoted identifiers, dollar quotes and nested block
 * comments, so a {@code ;} or {@code --} inside a function body or a literal never splits or hides anything.
 */
public final class SqlTokenizer {

    /** A comment: its text without the {@code --} or {@code /* *}{@code /} markers, and the line it starts on. */
    public record Comment(String text, int line, boolean lineComment) {
    }

    /** What {@link #tokenize} found: the tokens in order, and the comments beside them. */
    public record Result(List<Token> tokens, List<Comment> comments) {
    }

    private final String sql;
    private int pos;
    private int line = 1;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Comment> comments = new ArrayList<>();

    private SqlTokenizer(String sql) {
        this.sql = sql;
    }

    /** Tokenizes a whole script; an unterminated literal or comment is an {@link IllegalArgumentException}. */
    public static Result tokenize(String sql) {
        SqlTokenizer t = new SqlTokenizer(sql);
        t.run();
        return new Result(List.copyOf(t.tokens), List.copyOf(t.comments));
    }

    private void run() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            int start = pos;
            int startLine = line;
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                int end = sql.indexOf('\n', pos);
                end = end < 0 ? sql.length() : end;
                comments.add(new Comment(sql.substring(pos + 2, end).strip(), startLine, true));
                pos = end;
            } else if (c == '/' && peek(1) == '*') {
                blockComment(startLine);
            } else if ((c == 'E' || c == 'e') && peek(1) == '\'') {
                pos++;
                quoted('\'', true, startLine, "string literal");
                add(Token.Kind.STRING, start, startLine);
            } else if (c == '\'') {
                quoted('\'', false, startLine, "string literal");
                add(Token.Kind.STRING, start, startLine);
            } else if (c == '"') {
                quoted('"', false, startLine, "quoted identifier");
                add(Token.Kind.QUOTED_IDENTIFIER, start, startLine);
            } else if (c == '$' && dollarTag() != null) {
                dollarString(startLine);
                add(Token.Kind.DOLLAR_STRING, start, startLine);
            } else if (Character.isLetter(c) || c == '_') {
                while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_'
                        || sql.charAt(pos) == '$')) {
                    pos++;
                }
                add(Token.Kind.WORD, start, startLine);
            } else if (Character.isDigit(c)) {
                while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                    pos++;
                }
                add(Token.Kind.NUMBER, start, startLine);
            } else {
                pos += c == ':' && peek(1) == ':' ? 2 : 1;
                add(Token.Kind.SYMBOL, start, startLine);
            }
        }
    }

    private char peek(int ahead) {
        return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
    }

    private void add(Token.Kind kind, int start, int startLine) {
        tokens.add(new Token(kind, sql.substring(start, pos), startLine));
    }

    private void blockComment(int startLine) {
        int start = pos;
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    comments.add(new Comment(sql.substring(start + 2, pos - 2).strip(), startLine, false));
                    return;
                }
            } else {
                countLine();
                pos++;
            }
        }
        throw new IllegalArgumentException("unterminated /* comment starting on line " + startLine);
    }

    private void quoted(char quote, boolean backslashEscapes, int startLine, String what) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos++;
                countLine();
                pos++;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return;
                }
            } else {
                countLine();
                pos++;
            }
        }
        throw new IllegalArgumentException("unterminated " + what + " starting on line " + startLine);
    }

    /** The dollar-quote tag at {@code pos} ({@code $$} or {@code $name$}), or null when this {@code $} starts none. */
    private String dollarTag() {
        int end = pos + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end >= sql.length() || sql.charAt(end) != '$' || (end > pos + 1 && Character.isDigit(sql.charAt(pos + 1)))) {
            return null;
        }
        return sql.substring(pos, end + 1);
    }

    private void dollarString(int startLine) {
        String tag = dollarTag();
        int close = sql.indexOf(tag, pos + tag.length());
        if (close < 0) {
            throw new IllegalArgumentException("unterminated " + tag + " quote starting on line " + startLine);
        }
        int end = close + tag.length();
        while (pos < end) {
            countLine();
            pos++;
        }
    }

    private void countLine() {
        if (pos < sql.length() && sql.charAt(pos) == '\n') {
            line++;
        }
    }
}
