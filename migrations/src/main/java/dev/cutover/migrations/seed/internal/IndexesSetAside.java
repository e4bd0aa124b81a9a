package dev.cutover.migrations.seed.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's indexes, the constraints they back (primary key, unique, exclusion) and the foreign keys that reference
 * it, dropped for a bulk load and rebuilt afterwards from the definitions PostgreSQL printed for them
 * ({@code pg_get_indexdef}, {@code pg_get_constraintdef}), names and comments included, so the schema after the load
 * is the schema before. Building an index once over sorted rows is several times cheaper than maintaining it row by
 * row. Runs inside the caller's transaction, which must hold the table's ACCESS EXCLUSIVE lock.
 */
final class IndexesSetAside {

    /** One object to rebuild: the statements that drop and recreate it, and its comment's (null without one). */
    private record Definition(String drop, String create, String comment) {
    }

    private final List<Definition> indexes;
    private final List<Definition> foreignKeys;

    private IndexesSetAside(List<Definition> indexes, List<Definition> foreignKeys) {
        this.indexes = indexes;
        this.foreignKeys = foreignKeys;
    }

    /** Captures the definitions of {@code table}'s indexes and of the foreign keys referencing it, then drops them. */
    static IndexesSetAside drop(Connection connection, String table) throws SQLException {
        // A foreign key depends on the referenced table's unique index, so the keys go first and come back last.
        List<Definition> foreignKeys = query(connection, """
                SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                              pg_get_constraintdef(c.oid)),
                       format('COMMENT ON CONSTRAINT %I ON %s IS ', c.conname, c.conrelid::regclass)
                           || quote_literal(obj_description(c.oid, 'pg_constraint'))
                FROM pg_constraint c
                WHERE c.confrelid = ?::regclass AND c.contype = 'f'
                ORDER BY c.oid""", table);
        List<Definition> indexes = query(connection, """
                SELECT CASE WHEN c.oid IS NULL THEN format('DROP INDEX %s', i.indexrelid::regclass)
                            ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', i.indrelid::regclass, c.conname) END,
                       CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
                            ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', i.indrelid::regclass, c.conname,
                                        pg_get_constraintdef(c.oid)) END,
                       CASE WHEN c.oid IS NULL
                            THEN format('COMMENT ON INDEX %s IS ', i.indexrelid::regclass)
                                 || quote_literal(obj_description(i.indexrelid, 'pg_class'))
                            ELSE format('COMMENT ON CONSTRAINT %I ON %s IS ', c.conname, i.indrelid::regclass)
                                 || quote_literal(obj_description(c.oid, 'pg_constraint')) END
                FROM pg_index i
                LEFT JOIN pg_constraint c
                       ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
                WHERE i.indrelid = ?::regclass
                ORDER BY i.indexrelid""", table);
        try (Statement s = connection.createStatement()) {
            for (Definition key : foreignKeys) {
                s.execute(key.drop());
            }
            for (Definition index : indexes) {
                s.execute(index.drop());
            }
        }
        return new IndexesSetAside(indexes, foreignKeys);
    }

    /** Recreates what {@link #drop} dropped, in the order it was created, then the foreign keys. */
    void rebuild(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (Definition index : indexes) {
                create(s, index);
            }
            for (Definition key : foreignKeys) {
                create(s, key);
            }
        }
    }

    private static void create(Statement s, Definition definition) throws SQLException {
        s.execute(definition.create());
        if (definition.comment() != null) {
            s.execute(definition.comment());
        }
    }

    private static List<Definition> query(Connection connection, String sql, String table) throws SQLException {
        List<Definition> definitions = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    definitions.add(new Definition(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return definitions;
    }
}
