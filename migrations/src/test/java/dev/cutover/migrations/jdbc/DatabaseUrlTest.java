package dev.cutover.migrations.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection strings read as libpq reads them, and printed without their secrets. */
class DatabaseUrlTest {

    @Test
    void aPasswordWithAtSignsIsReadWholeAndNeverPrinted() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@ss@w0rd@db.example.com/app");
        assertThat(url.user()).contains("u");
        assertThat(url.password()).contains("p@ss@w0rd");
        assertThat(url.host()).isEqualTo("db.example.com");
        assertThat(DatabaseUrl.redact("postgresql://u:p@ss@host/db")).isEqualTo("postgresql://u:***@host/db");
        assertThat(DatabaseUrl.redact("jdbc:postgresql://h/db?user=u&password=p@ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:p@ss@host/db"))
                .hasMessageContaining("mysql://u:***@host/db").hasMessageNotContaining("ss@");
    }

    @Test
    void aPlusStaysAPlusAndPercentEscapesAreDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:a+b%2Fc%40d@localhost:6543/my%20db");
        assertThat(url.password()).contains("a+b/c@d");
        assertThat(url.database()).isEqualTo("my db");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?password=x+y").password()).contains("x+y");
    }

    @Test
    void severalHostsAreTriedInOrder() {
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql://app@pg1:5432,pg2:5433,[::1]/app?target_session_attrs=read-write&application_name=cutover");
        assertThat(url.hosts()).containsExactly(new DatabaseUrl.Host("pg1", 5432), new DatabaseUrl.Host("pg2", 5433),
                new DatabaseUrl.Host("::1", 5432));
        assertThat(url.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://pg1:5432,pg2:5433,[::1]:5432/app?targetServerType=primary&ApplicationName=cutover");
        assertThat(url.toString()).isEqualTo("postgresql://app@pg1:5432,pg2:5433,[::1]:5432/app");
        assertThat(DatabaseUrl.parse("postgresql:///app?host=pg1,pg2&port=5432,5433").hosts())
                .containsExactly(new DatabaseUrl.Host("pg1", 5432), new DatabaseUrl.Host("pg2", 5433));
    }

    @Test
    void aSocketDirectoryIsAHost() {
        DatabaseUrl byParameter = DatabaseUrl.parse("postgresql:///app?host=/run/pg&port=5433&user=app");
        DatabaseUrl byEncodedHost = DatabaseUrl.parse("postgresql://app@%2Frun%2Fpg:5433/app");
        assertThat(byParameter.hosts()).containsExactly(new DatabaseUrl.Host("/run/pg", 5433));
        assertThat(byEncodedHost.hosts()).isEqualTo(byParameter.hosts());
        assertThat(byParameter.jdbcUrl()).contains("socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory%24FactoryArg")
                .contains("socketFactoryArg=%2Frun%2Fpg%2F.s.PGSQL.5433");
    }

    @Test
    void connectsThroughTheServersUnixSocket() throws Exception {
        assumeTrue(Files.exists(Path.of("/var/run/postgresql/.s.PGSQL.5432")), "no local server socket here");
        DatabaseUrl url = DatabaseUrl.parse("postgresql:///postgres?host=/var/run/postgresql&user=postgres");
        try (Connection c = JdbcConnections.open(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT inet_server_addr() IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("connected over a Unix socket, not TCP").isTrue();
        }
    }

    @Test
    void thePasswordFileGivesTheFirstMatchingLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pgpass");
        Files.writeString(file, String.join("\n", List.of(
                "# comment",
                "other:5432:*:app:wrong",
                "db.example.com:5432:app:app:pa\\:ss\\\\word",
                "*:*:*:app:fallback",
                "")));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        DatabaseUrl.Host host = new DatabaseUrl.Host("db.example.com", 5432);
        assertThat(PgPass.lookup(file, host, "app", "app")).contains("pa:ss\\word");
        assertThat(PgPass.lookup(file, host, "other_db", "app")).contains("fallback");
        assertThat(PgPass.lookup(file, host, "app", "nobody")).isEmpty();
        assertThat(PgPass.lookup(file, new DatabaseUrl.Host("/var/run/postgresql", 5432), "x", "app"))
                .contains("fallback");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PgPass.lookup(file, host, "app", "app")).as("a world-readable file is ignored").isEqualTo(Optional.empty());
    }
}
