package dev.cutover.migrations.guard;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A second session that opens a transaction, takes a lock with one statement and keeps it until closed. */
final class BlockingTransaction implements AutoCloseable {

    private final Connection connection;
    private final int pid;

    private BlockingTransaction(Connection connection, int pid) {
        this.connection = connection;
        this.pid = pid;
    }

    /** Opens the transaction as {@code application}, runs {@code sql} in it and leaves it idle in transaction. */
    static BlockingTransaction open(ScratchDatabase db, String application, String sql) throws SQLException {
        Connection c = db.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = '" + application + "'");
            int pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            c.setAutoCommit(false);
            s.execute(sql);
            return new BlockingTransaction(c, pid);
        }
    }

    int pid() {
        return pid;
    }

    /** Ends the transaction after {@code millis}, from another thread. */
    void commitAfter(long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "commit-blocker-" + pid);
        t.setDaemon(true);
        t.start();
    }

    /** Whether the server still has this session (a terminated one is gone). */
    boolean alive() {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (!connection.isClosed()) {
                connection.commit();
                connection.close();
            }
        } catch (SQLException e) {
            // Terminated by the test's subject: nothing to commit.
        }
    }
}
