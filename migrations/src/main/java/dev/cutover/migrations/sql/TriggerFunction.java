package dev.cutover.migrations.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code CREATE [OR REPLACE] FUNCTION ... RETURNS trigger} statement and the columns its body assigns through
 * {@code NEW.column := ...} (or {@code =}): the columns a BEFORE trigger running it fills.
 */
public record TriggerFunction(String name, Set<String> assignedColumns) {

    /** The tokens after which a PL/pgSQL statement starts. */
    private static final Set<String> STATEMENT_START = Set.of(";", "BEGIN", "THEN", "ELSE", "LOOP");

    /** The statement as a trigger function, or null when it is something else. */
    public static TriggerFunction of(SqlStatement s) {
        int i = s.matches(1, "OR", "REPLACE") ? 3 : 1;
        QualifiedName name = s.startsWith("CREATE") && s.matches(i, "FUNCTION") ? QualifiedName.read(s, i + 1) : null;
        if (name == null || !s.matches(name.next(), "(")) {
            return null;
        }
        int afterArguments = s.closingParen(name.next()) + 1;
        int as = s.find(afterArguments, "AS");
        if (!s.matches(afterArguments, "RETURNS", "TRIGGER") || as < 0 || as + 1 >= s.size()) {
            return null;
        }
        return new TriggerFunction(name.name(), assignments(body(s.token(as + 1))));
    }

    /** The source inside a string or dollar-quoted literal; empty for any other token. */
    private static String body(Token literal) {
        String text = literal.text();
        if (literal.kind() == Token.Kind.DOLLAR_STRING) {
            int tag = text.indexOf('$', 1) + 1;
            return text.substring(tag, text.length() - tag);
        }
        return literal.kind() == Token.Kind.STRING && text.startsWith("'")
                ? text.substring(1, text.length() - 1).replace("''", "'") : "";
    }

    private static Set<String> assignments(String body) {
        List<Token> tokens;
        try {
            tokens = SqlTokenizer.tokenize(body).tokens();
        } catch (IllegalArgumentException unreadable) {
            return Set.of();
        }
        Set<String> columns = new HashSet<>();
        for (int i = 0; i + 3 < tokens.size(); i++) {
            boolean atStart = i == 0 || STATEMENT_START.contains(tokens.get(i - 1).key());
            if (atStart && tokens.get(i).is("NEW") && tokens.get(i + 1).is(".")
                    && (tokens.get(i + 3).is("=") || tokens.get(i + 3).is(":"))) {
                columns.add(tokens.get(i + 2).identifier());
            }
        }
        return Set.copyOf(columns);
    }
}
