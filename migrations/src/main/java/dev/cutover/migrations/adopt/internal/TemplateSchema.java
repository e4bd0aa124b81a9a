package dev.cutover.migrations.adopt.internal;

import dev.cutover.migrations.adopt.internal.Catalog.Column;
import dev.cutover.migrations.adopt.internal.Catalog.Index;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables the FastAPI template's Alembic migrations leave at the revision Cutover adopts, as PostgreSQL's catalog
 * shows them, and the comparison of a live database with them. Derived from the template's Alembic files: e2412789c190
 * creates both tables and {@code ix_user_email}; 9c0a54914c78 makes email, full_name, title and description
 * varchar(255) (hashed_password stays varchar); d98dd8ec85a3 replaces the integer ids by uuid ones without a server
 * default and names the keys user_pkey, item_pkey and item_owner_id_fkey; 1a31ce608336 makes item.owner_id NOT NULL
 * and re-creates its foreign key ON DELETE CASCADE (unnamed, so PostgreSQL names it item_owner_id_fkey again);
 * fe56fa70289e adds a nullable created_at timestamptz without default to both tables.
 */
public final class TemplateSchema {

    /** The revision Cutover adopts: the template's Alembic head. */
    public static final String HEAD = "fe56fa70289e";

    /** The template's earlier revisions, newest first: known, but brought to the head by the template itself. */
    static final List<String> EARLIER = List.of("1a31ce608336", "d98dd8ec85a3", "9c0a54914c78", "e2412789c190");

    private static final String VARCHAR_255 = "character varying(255)";
    private static final String TIMESTAMPTZ = "timestamp with time zone";

    static final List<Column> USER_COLUMNS = List.of(
            new Column("email", VARCHAR_255, true),
            new Column("is_active", "boolean", true),
            new Column("is_superuser", "boolean", true),
            new Column("full_name", VARCHAR_255, false),
            new Column("hashed_password", "character varying", true),
            new Column("id", "uuid", true),
            new Column("created_at", TIMESTAMPTZ, false));

    static final List<Column> ITEM_COLUMNS = List.of(
            new Column("description", VARCHAR_255, false),
            new Column("title", VARCHAR_255, true),
            new Column("id", "uuid", true),
            new Column("owner_id", "uuid", true),
            new Column("created_at", TIMESTAMPTZ, false));

    static final List<Index> USER_INDEXES = List.of(
            new Index("user_pkey", true, true, List.of("id"), true),
            new Index("ix_user_email", false, true, List.of("email"), true));

    static final List<Index> ITEM_INDEXES = List.of(new Index("item_pkey", true, true, List.of("id"), true));

    static final Map<String, String> ITEM_FOREIGN_KEYS = Map.of(
            "item_owner_id_fkey", "FOREIGN KEY (owner_id) REFERENCES \"user\"(id) ON DELETE CASCADE");

    private TemplateSchema() {
    }

    /** The revision in {@code alembic_version}; empty when the table is missing or holds no single row. */
    public static Optional<String> alembicRevision(Connection c, List<String> differences) throws SQLException {
        if (new Catalog(c).kind("alembic_version").isEmpty()) {
            differences.add("no alembic_version table: not a database built by the FastAPI template's Alembic "
                    + "migrations");
            return Optional.empty();
        }
        List<String> revisions = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version_num FROM alembic_version")) {
            while (rs.next()) {
                revisions.add(rs.getString(1));
            }
        }
        if (revisions.size() != 1) {
            differences.add("alembic_version holds " + revisions.size() + " revisions " + revisions
                    + ", expected exactly one (" + HEAD + ")");
            return Optional.empty();
        }
        String revision = revisions.get(0);
        if (EARLIER.contains(revision)) {
            differences.add("alembic_version is " + revision + ", an earlier revision of the template: bring it to "
                    + HEAD + " with the template's own 'alembic upgrade head' first (fe56fa70289e only adds the "
                    + "nullable created_at columns)");
        } else if (!HEAD.equals(revision)) {
            differences.add("alembic_version is " + revision + ": not a revision Cutover knows (it adopts the "
                    + "template's head " + HEAD + ")");
        }
        return Optional.of(revision);
    }

    /**
     * What differs between the live tables and the template's at {@link #HEAD}; {@code notes} receives what differs
     * but does not stand in the way (an extra index).
     */
    public static List<String> differences(Connection c, List<String> notes) throws SQLException {
        List<String> differences = new ArrayList<>();
        Catalog catalog = new Catalog(c);
        for (String taken : List.of("users", "items")) {
            if (catalog.kind(taken).isPresent()) {
                differences.add("a relation named " + taken + " already exists: adoption renames \"user\" and item "
                        + "to users and items");
            }
        }
        compareTable(catalog, "user", USER_COLUMNS, USER_INDEXES, Map.of(), differences, notes);
        compareTable(catalog, "item", ITEM_COLUMNS, ITEM_INDEXES, ITEM_FOREIGN_KEYS, differences, notes);
        return differences;
    }

    private static void compareTable(Catalog catalog, String table, List<Column> columns, List<Index> indexes,
                                     Map<String, String> foreignKeys, List<String> differences, List<String> notes)
            throws SQLException {
        Optional<Character> kind = catalog.kind(table);
        if (kind.isEmpty()) {
            differences.add("table " + table + " is missing");
            return;
        }
        if (kind.get() != 'r') {
            differences.add(table + " is not a plain table (relkind '" + kind.get() + "')");
            return;
        }
        Map<String, Column> live = catalog.columns(table);
        for (Column expected : columns) {
            Column found = live.get(expected.name());
            if (found == null) {
                differences.add("column " + table + "." + expected.name() + " is missing (revision " + HEAD + " has "
                        + expected.describe() + ")");
            } else if (!found.equals(expected)) {
                differences.add("column " + table + "." + expected.name() + " is " + found.describe() + ", revision "
                        + HEAD + " has " + expected.describe());
            }
        }
        for (Column found : live.values()) {
            if (columns.stream().noneMatch(e -> e.name().equals(found.name()))) {
                differences.add("column " + table + "." + found.name() + " (" + found.describe() + ") is not in "
                        + "revision " + HEAD + ": neither service would know it");
            }
        }
        Map<String, Index> liveIndexes = catalog.indexes(table);
        for (Index expected : indexes) {
            Index found = liveIndexes.get(expected.name());
            if (found == null) {
                differences.add(expected.describe() + " on " + table + " is missing");
            } else if (!found.equals(expected)) {
                differences.add("index " + expected.name() + " on " + table + " is " + found.describe()
                        + ", revision " + HEAD + " has " + expected.describe());
            }
        }
        for (Index found : liveIndexes.values()) {
            if (indexes.stream().noneMatch(e -> e.name().equals(found.name()))) {
                notes.add("extra " + found.describe() + " on " + table + ": kept as it is");
            }
        }
        Map<String, String> liveKeys = catalog.foreignKeys(table);
        foreignKeys.forEach((name, definition) -> {
            String found = liveKeys.get(name);
            if (found == null) {
                differences.add("foreign key " + name + " on " + table + " is missing (revision " + HEAD + " has "
                        + definition + ")");
            } else if (!found.equals(definition)) {
                differences.add("foreign key " + name + " on " + table + " is " + found + ", revision " + HEAD
                        + " has " + definition);
            }
        });
        liveKeys.keySet().stream().filter(k -> !foreignKeys.containsKey(k))
                .forEach(k -> notes.add("extra foreign key " + k + " on " + table + ": kept as it is"));
    }
}
