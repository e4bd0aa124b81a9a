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

/** A backfill's SQL with {@code $from}/{@code $to} turned into typed JDBC parameters, run as one batch. */
public final class SqlBatch implements BatchFunction {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(from|to)\\b");

    private final String sql;
    private final List<Boolean> isFrom = new ArrayList<>();

    public SqlBatch(String template, KeySpace keys) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            isFrom.add(m.group(1).equals("from"));
            m.appendReplacement(out, Matcher.quoteReplacement(keys.parameter()));
        }
        m.appendTail(out);
        this.sql = out.toString();
    }

    @Override
    public long apply(Connection transaction, KeyRange range) throws SQLException {
        try (PreparedStatement ps = transaction.prepareStatement(sql)) {
            for (int i = 0; i < isFrom.size(); i++) {
                ps.setString(i + 1, isFrom.get(i) ? range.from() : range.to());
            }
            return ps.executeLargeUpdate();
        }
    }
}
