package dev.cutover.service.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.impl.NoStackTraceThrowable;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A database that cannot be reached now is told apart from a request the database refused. */
class DatabaseFailuresTest {

    /** As seen when a read went to a pipelined connection the server had just terminated: a 503, not a 500. */
    @Test
    void aConnectionClosedUnderARequestIsUnavailableHoweverItIsWrapped() {
        RuntimeException failure = new RuntimeException("read failed");
        failure.addSuppressed(new NoStackTraceThrowable("Connection is not active now, current status: CLOSED"));
        assertThat(DatabaseFailures.isUnavailable(failure)).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new IllegalStateException("wrapped",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    }

    @Test
    void aRefusedWriteIsNotUnavailability() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint \"users_email_key\"",
                "23505");
        assertThat(DatabaseFailures.isUnavailable(unique)).isFalse();
        assertThat(DatabaseFailures.isUniqueViolation(unique, "users_email")).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new IllegalArgumentException("bad input"))).isFalse();
    }

    /** The codes come from the migrations module's table; a wrapped code is still found. */
    @Test
    void refusalsAreToldApartByTheirSqlState() {
        assertThat(DatabaseFailures.isForeignKeyViolation(new IllegalStateException("insert failed",
                new SQLException("insert or update on table \"items\" violates foreign key constraint", "23503"))))
                .isTrue();
        assertThat(DatabaseFailures.isInvalidText(new SQLException("invalid byte sequence", "22021"))).isTrue();
        assertThat(DatabaseFailures.isInvalidText(new IllegalArgumentException("no SQLSTATE"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("too many clients already", "53300"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("connection failure", "08006"))).isTrue();
    }
}
