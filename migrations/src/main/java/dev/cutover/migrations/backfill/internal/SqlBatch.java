package dev.cutover.migrations.backfill.internal;

import dev.cutover.migrations.backfill.BatchFunction;
import dev.cutover.migrations.backfill.KeyRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backfill's SQL with {@code $from}/{@code $to} turned into typed JDBC parameters, run as one batch; an optional
 * {@code $slice} becomes the condition that picks the rows of the transaction's slice by their line pointer.
 */
public final class SqlBatch implements BatchFunction {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(from|to|slice)\\b");
    /** The row's offset on its page: PostgreSQL has no cast from tid to integer, but one through point. */
    private static final String SLICE = "(mod((ctid::text::point)[1]::integer, ?) BETWEEN ? AND ?)";

    private final String sql;
    private final List<String> parameters = new ArrayList<>();

    public SqlBatch(String template, KeySpace keys) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            parameters.add(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).equals("slice") ? SLICE : keys.parameter()));
        }
        m.appendTail(out);
        this.sql = out.toString();
    }

    @Override
    public long apply(Connection transaction, KeyRange range) throws SQLException {
        try (PreparedStatement ps = transaction.prepareStatement(sql)) {
            int i = 1;
            for (String parameter : parameters) {
                switch (parameter) {
                    case "from" -> ps.setString(i++, range.from());
                    case "to" -> ps.setString(i++, range.to());
                    default -> {
                        ps.setInt(i++, range.shares());
                        ps.setInt(i++, range.shareLow());
                        ps.setInt(i++, range.shareHigh());
                    }
                }
            }
            return ps.executeLargeUpdate();
        }
    }

    @Override
    public boolean slices() {
        return parameters.contains("slice");
    }
}
