package dev.cutover.migrations.sql;

/** A possibly schema-qualified object name read from a statement: {@code name} is its last part, folded. */
public record QualifiedName(String name, String written, int next) {

    /** Reads {@code a.b.c} starting at {@code index}; null when no identifier is there. */
    public static QualifiedName read(SqlStatement s, int index) {
        if (index >= s.size() || !isIdentifier(s.token(index))) {
            return null;
        }
        StringBuilder written = new StringBuilder(s.token(index).text());
        String last = s.token(index).identifier();
        int i = index + 1;
        while (i + 1 < s.size() && s.token(i).is(".") && isIdentifier(s.token(i + 1))) {
            written.append('.').append(s.token(i + 1).text());
            last = s.token(i + 1).identifier();
            i += 2;
        }
        return new QualifiedName(last, written.toString(), i);
    }

    private static boolean isIdentifier(Token t) {
        return t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED_IDENTIFIER;
    }
}
