package dev.cutover.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Lets a migration run only once its backfill's row in {@code cutover.backfill_jobs} says {@code completed}. */
final class RequireCompletedGate implements BackfillGate {

    @Override
    public void awaitComplete(String name, Connection connection) throws SQLException {
        String status = null;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT status FROM cutover.backfill_jobs WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                status = rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
        }
        if (!"completed".equals(status)) {
            throw new IllegalStateException("needs backfill " + name + " to be completed ("
                    + (status == null ? "it has not run" : "it is " + status) + "): run ./cutover backfill start " + name);
        }
    }
}
