package dev.cutover.service.items;

import dev.cutover.service.db.KeysetCursor;
import dev.cutover.service.db.RowIds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one place that reads and writes {@code items}, through the Vert.x client, one statement per call. Lists are
 * newest first, {@code created_at DESC, id DESC}: PostgreSQL puts NULL {@code created_at} (old rows of an adopted
 * template table) first, as the template's {@code ORDER BY created_at DESC} does, and the keyset queries keep that
 * order. A null owner means every item (a superuser's view); otherwise only that user's.
 *
 * <p>The writes stay SQL rather than Hibernate entity writes: an update is one {@code UPDATE ... RETURNING} of only
 * the fields given, so an item deleted meanwhile is a 404. Through Hibernate it would be a load and a later flush,
 * and a delete between them would fail the flush (a 500), and the entity would have to match both V8's table and an
 * adopted template's varchar columns.
 */
@ApplicationScoped
public class ItemRepository {

    private static final String COLUMNS = "id, title, description, owner_id, created_at";
    private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM items WHERE id = $1";
    private static final String INSERT = "INSERT INTO items (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS;
    private static final String DELETE = "DELETE FROM items WHERE id = $1";
    private static final String ESTIMATE = "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'items'::regclass";
    /** Below this many rows an exact count is cheap enough to give even in keyset mode. */
    private static final long EXACT_COUNT_BELOW = 100_000;

    private static final Scoped PAGE = new Scoped("SELECT " + COLUMNS + " FROM items WHERE {owner}" + NEWEST_FIRST
            + " LIMIT ? OFFSET ?");
    private static final Scoped COUNT = new Scoped("SELECT count(*) AS n FROM items WHERE {owner}");
    private static final Scoped FIRST_KEYSET_PAGE = new Scoped("SELECT " + COLUMNS + " FROM items WHERE {owner}"
            + NEWEST_FIRST + " LIMIT ?");
    /** After a dated row: only dated rows follow (a row comparison with a NULL is never true). */
    private static final Scoped AFTER_DATED = new Scoped("SELECT " + COLUMNS + " FROM items WHERE {owner}"
            + " AND (created_at, id) < (?, ?)" + NEWEST_FIRST + " LIMIT ?");
    /** After an undated row: the undated rows with a smaller id, then every dated row. */
    private static final Scoped AFTER_UNDATED = new Scoped("(SELECT " + COLUMNS + " FROM items WHERE {owner}"
            + " AND created_at IS NULL AND id < ?" + NEWEST_FIRST + " LIMIT ?) UNION ALL (SELECT " + COLUMNS
            + " FROM items WHERE {owner} AND created_at IS NOT NULL" + NEWEST_FIRST + " LIMIT ?)" + NEWEST_FIRST
            + " LIMIT ?");

    @Inject
    Pool pool;

    public Uni<Item> findById(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(ItemRepository::firstOrNull);
    }

    /** The template's offset page. */
    public Uni<List<Item>> page(UUID owner, int skip, int limit) {
        return query(PAGE, owner, limit, skip);
    }

    /** The exact number of items (of the owner, or all). */
    public Uni<Long> count(UUID owner) {
        return execute(COUNT, owner).map(rows -> rows.iterator().next().getLong("n"));
    }

    /** A keyset page: the first when {@code after} is null. */
    public Uni<List<Item>> keysetPage(UUID owner, KeysetCursor after, int limit) {
        if (after == null) {
            return query(FIRST_KEYSET_PAGE, owner, limit);
        }
        if (after.createdAt() == null) {
            return query(AFTER_UNDATED, owner, after.id(), limit, limit, limit);
        }
        return query(AFTER_DATED, owner, after.createdAt(), after.id(), limit);
    }

    /**
     * The count keyset mode gives: a user's own items exactly (their index range), all items by the planner's
     * estimate once the table is large.
     */
    public Uni<Long> keysetCount(UUID owner) {
        if (owner != null) {
            return count(owner);
        }
        return pool.query(ESTIMATE).execute().map(rows -> rows.iterator().next().getLong("n"))
                .chain(estimate -> estimate < EXACT_COUNT_BELOW ? count(null) : Uni.createFrom().item(estimate));
    }

    /** Inserts a new item with a fresh UUIDv7 id. */
    public Uni<Item> create(UUID owner, String title, String description) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return pool.preparedQuery(INSERT).execute(Tuple.of(RowIds.next(), title, description, owner, now))
                .map(ItemRepository::firstOrNull);
    }

    /**
     * Writes only the fields given (a null {@code title} leaves it; {@code setDescription} says whether
     * {@code description} is written, null included); null when the item is gone.
     */
    public Uni<Item> update(UUID id, String title, boolean setDescription, String description) {
        List<String> sets = new ArrayList<>();
        Tuple args = Tuple.of(id);
        if (title != null) {
            args.addValue(title);
            sets.add("title = $" + args.size());
        }
        if (setDescription) {
            args.addValue(description);
            sets.add("description = $" + args.size());
        }
        if (sets.isEmpty()) {
            return findById(id);
        }
        String sql = "UPDATE items SET " + String.join(", ", sets) + " WHERE id = $1 RETURNING " + COLUMNS;
        return pool.preparedQuery(sql).execute(args).map(ItemRepository::firstOrNull);
    }

    /** Deletes the item; false when there was none. */
    public Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
    }

    private Uni<List<Item>> query(Scoped sql, UUID owner, Object... args) {
        return execute(sql, owner, args).map(ItemRepository::all);
    }

    private Uni<RowSet<Row>> execute(Scoped sql, UUID owner, Object... args) {
        Tuple tuple = owner == null ? Tuple.tuple() : Tuple.of(owner);
        for (Object arg : args) {
            tuple.addValue(arg);
        }
        return pool.preparedQuery(owner == null ? sql.all : sql.owned).execute(tuple);
    }

    private static Item firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static List<Item> all(RowSet<Row> rows) {
        List<Item> items = new ArrayList<>(rows.size());
        for (Row row : rows) {
            items.add(map(row));
        }
        return items;
    }

    private static Item map(Row row) {
        return new Item(row.getUUID("id"), row.getString("title"), row.getString("description"),
                row.getUUID("owner_id"), row.getOffsetDateTime("created_at"));
    }

    /**
     * One statement in two forms: over every item, and over one owner's ({@code owner_id = $1}, the other
     * parameters shifted by one). {@code {owner}} marks the filter, {@code ?} the parameters in order.
     */
    private static final class Scoped {
        final String all;
        final String owned;

        Scoped(String template) {
            all = number(template.replace("{owner}", "TRUE"), 1);
            owned = number(template.replace("{owner}", "owner_id = $1"), 2);
        }

        private static String number(String sql, int first) {
            StringBuilder out = new StringBuilder();
            int next = first;
            for (char c : sql.toCharArray()) {
                if (c == '?') {
                    out.append('$').append(next++);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
