package dev.cutover.migrations.adopt;

import dev.cutover.migrations.backfill.Backfill;
import java.util.List;

/**
 * The backfills an adopted FastAPI-template database needs: {@code created_at} for the rows the template wrote before
 * its revision fe56fa70289e added the column. Their creation time is unknown; they get 1970-01-01 UTC, older than
 * any recorded one, so newest-first lists put them last (the template put its NULLs first) and keyset cursors work.
 */
public final class TemplateBackfills {

    /** The value an unknown creation time is filled with. */
    public static final String UNKNOWN_CREATION_TIME = "1970-01-01 00:00:00+00";

    public static final Backfill USERS_CREATED_AT = Backfill.ofSql("users_created_at", "users", "id", """
            UPDATE users SET created_at = '%s'
            WHERE id > $from AND id <= $to AND $slice AND created_at IS NULL""".formatted(UNKNOWN_CREATION_TIME));

    public static final Backfill ITEMS_CREATED_AT = Backfill.ofSql("items_created_at", "items", "id", """
            UPDATE items SET created_at = '%s'
            WHERE id > $from AND id <= $to AND $slice AND created_at IS NULL""".formatted(UNKNOWN_CREATION_TIME));

    private TemplateBackfills() {
    }

    public static List<Backfill> all() {
        return List.of(USERS_CREATED_AT, ITEMS_CREATED_AT);
    }
}
