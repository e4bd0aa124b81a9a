package dev.cutover.migrations.sql;

import java.util.List;
import java.util.Set;

/**
 * A column definition {@code name type [constraints...]} from CREATE TABLE or ADD COLUMN: the type's tokens and
 * the tokens of the constraints and defaults after it.
 */
public record ColumnDefinition(String name, Token nameToken, TypeName type, SqlStatement rest, boolean ifNotExists) {

    private static final Set<String> AFTER_TYPE = Set.of("CONSTRAINT", "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE",
            "CHECK", "REFERENCES", "GENERATED", "COLLATE", "COMPRESSION", "STORAGE", "USING");

    /** Reads a column definition whose name is at {@code index}; null when there is no name there. */
    public static ColumnDefinition read(SqlStatement s, int index, boolean ifNotExists) {
        QualifiedName name = QualifiedName.read(s, index);
        if (name == null) {
            return null;
        }
        TypeName type = readType(s, name.next());
        List<Token> rest = s.tokens().subList(name.next() + type.tokens().size(), s.size());
        SqlStatement restStatement = rest.isEmpty() ? null : new SqlStatement(rest);
        return new ColumnDefinition(name.name(), s.token(index), type, restStatement, ifNotExists);
    }

    /** The type written from {@code from} on, up to the first constraint, default or USING keyword. */
    public static TypeName readType(SqlStatement s, int from) {
        int i = from;
        int depth = 0;
        while (i < s.size() && (depth > 0 || !AFTER_TYPE.contains(s.token(i).key()))) {
            if (s.token(i).is("(")) {
                depth++;
            } else if (s.token(i).is(")")) {
                depth--;
            }
            i++;
        }
        return new TypeName(s.tokens().subList(from, i));
    }

    /** Whether the tokens after the type include {@code keys} in sequence. */
    public boolean has(String... keys) {
        return rest != null && rest.contains(keys);
    }

    /** The tokens of the {@code DEFAULT} expression (up to the next constraint keyword), empty without a default. */
    public List<Token> defaultExpression() {
        if (rest == null) {
            return List.of();
        }
        int at = rest.find(0, "DEFAULT");
        if (at < 0) {
            return List.of();
        }
        int end = at + 1;
        int depth = 0;
        while (end < rest.size() && (depth > 0 || end == at + 1 || !AFTER_TYPE.contains(rest.token(end).key()))) {
            if (rest.token(end).is("(")) {
                depth++;
            } else if (rest.token(end).is(")")) {
                depth--;
            }
            end++;
        }
        return rest.tokens().subList(at + 1, end);
    }
}
