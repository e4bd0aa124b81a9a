package dev.cutover.service.matrix;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The FastAPI template's own SQL ({@code load-tests/sql/template/*.sql}, pgbench scripts) sent as its old service sends
 * it: statement by statement in its transactions, {@code \gset} results bound to the {@code :name} variables as
 * parameters of prepared statements.
 */
final class TemplateTraffic {

    static final Path SCRIPTS = Path.of("../load-tests/sql/template");
    /** Each script picks its user at random: a few runs reach rows of both key halves. */
    private static final int RUNS = 4;
    private static final Pattern VARIABLE = Pattern.compile("(?<![:\\w]):([a-z_][a-z0-9_]*)");

    private TemplateTraffic() {
    }

    /** Replays every script {@value #RUNS} times on {@code db}; one outcome per script: "ok" or the first error. */
    static List<Outcome> replay(ScratchDatabase db) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Path script : scripts()) {
            String result = "ok";
            try (Connection c = db.connect()) {
                for (int run = 0; run < RUNS; run++) {
                    runScript(c, Files.readString(script));
                }
            } catch (SQLException e) {
                result = "ERROR " + e.getMessage().lines().findFirst().orElse("") + " [SQLSTATE " + e.getSQLState() + "]";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            outcomes.add(new Outcome("the old service's " + script.getFileName(), "template SQL", result, "", false));
        }
        return outcomes;
    }

    static List<Path> scripts() {
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
            if (scripts.isEmpty()) {
                throw new IllegalStateException("no SQL in " + SCRIPTS.toAbsolutePath());
            }
            return scripts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runScript(Connection c, String script) throws SQLException {
        Map<String, String> variables = new HashMap<>();
        StringBuilder statement = new StringBuilder();
        try {
            for (String line : script.lines().toList()) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                    continue;
                }
                statement.append(line).append('\n');
                if (trimmed.endsWith("\\gset")) {
                    String query = statement.toString().strip();
                    gset(c, query.substring(0, query.length() - "\\gset".length()), variables);
                    statement.setLength(0);
                } else if (trimmed.endsWith(";")) {
                    String sql = statement.toString().strip();
                    execute(c, sql.substring(0, sql.length() - 1), variables);
                    statement.setLength(0);
                }
            }
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    private static void gset(Connection c, String query, Map<String, String> variables) throws SQLException {
        try (PreparedStatement ps = prepare(c, query, variables); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("\\gset query returned no row: " + query);
            }
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                variables.put(meta.getColumnLabel(i), rs.getString(i));
            }
        }
    }

    private static void execute(Connection c, String sql, Map<String, String> variables) throws SQLException {
        switch (sql.toUpperCase(java.util.Locale.ROOT)) {
            case "BEGIN" -> c.setAutoCommit(false);
            case "COMMIT" -> {
                c.commit();
                c.setAutoCommit(true);
            }
            case "ROLLBACK" -> {
                c.rollback();
                c.setAutoCommit(true);
            }
            default -> {
                try (PreparedStatement ps = prepare(c, sql, variables)) {
                    ps.execute();
                }
            }
        }
    }

    /** The statement with each {@code :name} a parameter, as pgbench -M prepared sends it. */
    private static PreparedStatement prepare(Connection c, String sql, Map<String, String> variables) throws SQLException {
        Matcher m = VARIABLE.matcher(sql);
        List<String> values = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!variables.containsKey(m.group(1))) {
                throw new SQLException("no value for :" + m.group(1));
            }
            values.add(variables.get(m.group(1)));
            m.appendReplacement(out, "?");
        }
        m.appendTail(out);
        PreparedStatement ps = c.prepareStatement(out.toString());
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
        return ps;
    }
}
