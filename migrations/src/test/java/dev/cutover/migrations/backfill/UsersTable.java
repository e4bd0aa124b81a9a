package dev.cutover.migrations.backfill;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/** A scratch database with the users table at V2 and users written before V2, so their normalized email is NULL. */
final class UsersTable {

    private UsersTable() {
    }

    static ScratchDatabase withUsersBeforeV2(String purpose, int users) throws SQLException {
        ScratchDatabase db = ScratchDatabase.create(purpose);
        migrate(db, "1");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // Keys increasing with the insertion order, as UUIDv7 are (so key order is physical order); mixed case and
            // padding, so the normal form differs from the email for some rows.
            s.execute("INSERT INTO users (id, email, hashed_password) "
                    + "SELECT (lpad(to_hex(i), 12, '0') || substr(md5(i::text), 1, 20))::uuid, "
                    + "CASE WHEN i % 3 = 0 THEN ' User' || i || '@Example.com ' ELSE 'user' || i || '@example.com' END, "
                    + "'$argon2id$fake' FROM generate_series(1, " + users + ") i");
        }
        migrate(db, "2");
        return db;
    }

    static void migrate(ScratchDatabase db, String target) {
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations(Migrations.LOCATION)
                .configuration(Migrations.PLAIN_SESSION_LOCK).target(target).load().migrate();
    }

    /** Rows whose normalized email is missing or wrong. */
    static long wrongRows(ScratchDatabase db) throws SQLException {
        return count(db, "SELECT count(*) FROM users WHERE email_normalized IS DISTINCT FROM lower(btrim(email))");
    }

    static long count(ScratchDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(ScratchDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
