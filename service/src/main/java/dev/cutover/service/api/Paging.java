package dev.cutover.service.api;

import dev.cutover.service.api.errors.FieldError;
import dev.cutover.service.db.KeysetCursor;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * How a list endpoint was asked to page: the template's offset mode ({@code skip}, {@code limit}), or keyset mode
 * when {@code after} is present ({@code ?after=} empty for the first page, then the previous page's
 * {@code next_cursor}). Bad values are a 422 naming the parameter.
 */
record Paging(int skip, int limit, boolean keyset, KeysetCursor after) {

    static Paging parse(String skipRaw, String limitRaw, String afterRaw, UriInfo uri) {
        // "?after=" (empty) asks for the first keyset page, so presence matters, not only the value.
        boolean keyset = uri.getQueryParameters().containsKey("after");
        Params params = new Params();
        int skip = params.queryInt("skip", skipRaw, 0, 0, Integer.MAX_VALUE);
        int limit = params.queryInt("limit", limitRaw, 100, 1, Api.MAX_PAGE);
        KeysetCursor cursor = null;
        if (keyset && afterRaw != null && !afterRaw.isEmpty()) {
            cursor = KeysetCursor.decode(afterRaw).orElse(null);
            if (cursor == null) {
                params.invalid(new FieldError("value_error", List.of("query", "after"),
                        "Value error, not a cursor this API returned", afterRaw));
            }
        }
        params.check();
        return new Paging(skip, limit, keyset, cursor);
    }

    /** The cursor of the page after one of {@code size} rows ending at {@code last}: none when it was the last. */
    String nextCursor(int size, KeysetCursor last) {
        return size < limit ? null : last.encode();
    }
}
