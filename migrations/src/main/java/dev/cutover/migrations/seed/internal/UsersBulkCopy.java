package dev.cutover.migrations.seed.internal;

import dev.cutover.migrations.seed.SeededUser;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Cutover's users table prepared for {@link EmptyTableLoad}: the one password hash becomes the column's default for
 * the duration of the COPY (2M copies of it would be a third of the stream), and when the email_normalized trigger is
 * exactly V2's, it is dropped and the COPY sends the value it would have computed, because a row trigger costs
 * PostgreSQL a function call per row, and any BEFORE ROW trigger, even a disabled one, stops COPY from inserting in
 * batches (and from marking the frozen pages all-visible). Any other trigger stays and does its work. Everything is
 * put back, the trigger from its {@code pg_get_triggerdef}, before the indexes are rebuilt.
 */
public final class UsersBulkCopy implements EmptyTableLoad.Target {

    static final String TRIGGER = "users_email_normalized";
    /** V2's trigger function, whitespace collapsed: {@code lower(btrim(email))}, which {@link #normalized} mirrors. */
    static final String TRIGGER_BODY = "BEGIN NEW.email_normalized := lower(btrim(NEW.email)); RETURN NEW; END";

    private final UserGenerator generator;
    private final String hash;

    public UsersBulkCopy(UserGenerator generator, String hash) {
        this.generator = generator;
        this.hash = hash;
    }

    @Override
    public List<EmptyTableLoad.Copy> prepare(Connection connection) throws SQLException {
        String trigger = onlyTriggerIfV2s(connection);
        boolean computeNormalized = trigger != null;
        String previousDefault = passwordDefault(connection);
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE users ALTER COLUMN hashed_password SET DEFAULT " + literal(hash));
            if (computeNormalized) {
                s.execute("DROP TRIGGER " + TRIGGER + " ON users");
            }
        }
        String sql = "COPY users (id, email, full_name, is_active, is_superuser, created_at"
                + (computeNormalized ? ", email_normalized" : "") + ") FROM STDIN WITH (FORMAT binary, FREEZE)";
        return List.of(new EmptyTableLoad.Copy() {
            @Override
            public String sql() {
                return sql;
            }

            @Override
            public int rows(long n, CopyBinary out) {
                SeededUser user = generator.user(n);
                out.row(computeNormalized ? 7 : 6).uuid(user.id()).text(user.email()).text(user.fullName())
                        .bool(true).bool(false).timestamp(user.createdAt());
                if (computeNormalized) {
                    out.text(normalized(user.email()));
                }
                return 1;
            }

            @Override
            public void restore(Connection c) throws SQLException {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE users ALTER COLUMN hashed_password "
                            + (previousDefault == null ? "DROP DEFAULT" : "SET DEFAULT " + previousDefault));
                    if (computeNormalized) {
                        s.execute(trigger);
                    }
                }
            }
        });
    }

    /**
     * {@code lower(btrim(email))} of a generated address, which is the address itself: the generator writes lower-case
     * ASCII letters, digits and {@code . _ @} only. Anything else is refused rather than guessed at, since PostgreSQL
     * lower-cases other characters by the database's collation.
     */
    static String normalized(String email) {
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '@')) {
                throw new IllegalStateException("not a generated address: " + email);
            }
        }
        return email;
    }

    /**
     * The definition of the table's one user trigger if it is V2's email_normalized trigger, enabled and without a
     * comment as the migration left it; otherwise null.
     */
    private static String onlyTriggerIfV2s(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT t.tgname, t.tgenabled, p.prosrc, pg_get_triggerdef(t.oid),
                            obj_description(t.oid, 'pg_trigger') IS NULL
                     FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                     WHERE t.tgrelid = 'users'::regclass AND NOT t.tgisinternal""")) {
            if (!rs.next()) {
                return null;
            }
            boolean v2s = TRIGGER.equals(rs.getString(1)) && "O".equals(rs.getString(2))
                    && TRIGGER_BODY.equals(rs.getString(3).replaceAll("\\s+", " ").strip()) && rs.getBoolean(5);
            String definition = rs.getString(4);
            return v2s && !rs.next() ? definition : null;
        }
    }

    private static String passwordDefault(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT pg_get_expr(d.adbin, d.adrelid)
                     FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                     WHERE d.adrelid = 'users'::regclass AND a.attname = 'hashed_password'""")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
