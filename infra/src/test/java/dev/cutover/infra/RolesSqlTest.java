package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.testing.ScratchDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * infra/postgres/roles.sql run for real with psql, twice, on a scratch database; roles are cluster-wide, so they get
 * a prefix of their own and are dropped afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolesSqlTest {

    static final String PREFIX = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final List<String> SUFFIXES = List.of("app", "migrator", "readonly", "monitor");
    static final Map<String, String> PASSWORDS = new HashMap<>();
    static ScratchDatabase db;

    @BeforeAll
    static void createDatabase() {
        Assumptions.assumeTrue(Processes.run(Repo.root(), Map.of(), 30, List.of("sh", "-c", "command -v psql")).exitCode() == 0,
                "psql is not installed");
        db = ScratchDatabase.create("infra_roles");
        for (String suffix : SUFFIXES) {
            PASSWORDS.put(suffix, "pw-" + UUID.randomUUID() + "'quote");
        }
    }

    @AfterAll
    static void dropRoles() throws SQLException {
        if (db == null) {
            return;
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // The migrator first: its default privileges name the others (dropping them all in one statement
            // trips over the shared default ACL). Privileges in this database and on shared objects go before the roles.
            for (String suffix : List.of("migrator", "app", "readonly", "monitor")) {
                String role = PREFIX + "_" + suffix;
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'");
                rs.next();
                if (rs.getInt(1) == 1) {
                    s.execute("DROP OWNED BY \"" + role + "\" CASCADE");
                    s.execute("DROP ROLE \"" + role + "\"");
                }
            }
        }
    }

    static Processes.Result runRolesSql(String prefix) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-h", db.host(), "-p", String.valueOf(db.port()),
                "-U", db.user(), "-d", db.name(), "-v", "prefix=" + prefix));
        for (String suffix : SUFFIXES) {
            command.addAll(List.of("-v", suffix + "_password=" + PASSWORDS.get(suffix)));
        }
        command.addAll(List.of("-f", Repo.path("infra/postgres/roles.sql").toString()));
        return Processes.run(Repo.root(), Map.of("PGPASSWORD", db.password()), 120, command);
    }

    static Connection connectAs(String suffix) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", PREFIX + "_" + suffix);
        props.setProperty("password", PASSWORDS.get(suffix));
        return new org.postgresql.Driver().connect(db.jdbcUrl(), props);
    }

    static Map<String, Set<String>> roleConfigs() throws SQLException {
        Map<String, Set<String>> configs = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolname, rolconfig FROM pg_roles WHERE rolname LIKE '" + PREFIX + "\\_%'")) {
            while (rs.next()) {
                Array config = rs.getArray(2);
                Set<String> values = new TreeSet<>();
                if (config != null) {
                    values.addAll(List.of((String[]) config.getArray()));
                }
                configs.put(rs.getString(1).substring(PREFIX.length() + 1), values);
            }
        }
        return configs;
    }

    @Test
    @Order(1)
    void runsTwiceWithoutErrorsAndSetsEachRolesTimeouts() throws SQLException {
        Processes.Result first = runRolesSql(PREFIX);
        assertThat(first.exitCode()).as(first.output()).isZero();
        Processes.Result second = runRolesSql(PREFIX);
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).as("a second run is quiet").isBlank();

        Map<String, Set<String>> configs = roleConfigs();
        assertThat(configs.keySet()).containsExactlyInAnyOrderElementsOf(SUFFIXES);
        assertThat(configs.get("app")).containsExactlyInAnyOrder(
                "statement_timeout=10s", "lock_timeout=2s", "idle_in_transaction_session_timeout=30s");
        assertThat(configs.get("migrator")).containsExactlyInAnyOrder("lock_timeout=100ms", "statement_timeout=15min",
                "idle_in_transaction_session_timeout=60s", "maintenance_work_mem=1GB");
        assertThat(configs.get("readonly")).contains("default_transaction_read_only=on", "statement_timeout=60s",
                "idle_in_transaction_session_timeout=60s");
        assertThat(configs.get("monitor")).contains("statement_timeout=5s");
    }

    @Test
    @Order(2)
    void grantsTheMigratorBlockerInsightTheWorkersTheirSignalsAndTheMonitorStatistics() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT pg_has_role('" + PREFIX + "_migrator', 'pg_read_all_stats', 'MEMBER'),"
                    + " pg_has_role('" + PREFIX + "_migrator', 'pg_signal_backend', 'MEMBER'),"
                    + " pg_has_role('" + PREFIX + "_monitor', 'pg_monitor', 'MEMBER'),"
                    + " pg_has_role('" + PREFIX + "_app', 'pg_signal_backend', 'MEMBER'),"
                    + " (SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'),"
                    + " (SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = '" + PREFIX + "_app'),"
                    + " pg_has_role('" + PREFIX + "_app', 'pg_read_all_stats', 'MEMBER')");
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.getBoolean(4)).isFalse();
            assertThat(rs.getInt(5)).isEqualTo(1);
            assertThat(rs.getBoolean(6)).isFalse();
            assertThat(rs.getBoolean(7)).as("the backfill workers' throttles see other sessions").isTrue();
        }
    }

    @Test
    @Order(3)
    void rolesLogInWithTheirSettingsAndOnlyTheMigratorChangesTheSchema() throws SQLException {
        try (Connection c = connectAs("migrator"); Statement s = c.createStatement()) {
            assertThat(show(s, "lock_timeout")).isEqualTo("100ms");
            s.execute("CREATE SCHEMA cutover");
            s.execute("CREATE TABLE cutover.backfill_jobs (name text PRIMARY KEY, status text NOT NULL)");
            s.execute("CREATE TABLE public.users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text)");
        }
        try (Connection c = connectAs("app"); Statement s = c.createStatement()) {
            assertThat(show(s, "statement_timeout")).isEqualTo("10s");
            assertThat(show(s, "idle_in_transaction_session_timeout")).isEqualTo("30s");
            s.execute("INSERT INTO public.users (email) VALUES ('a@example.com')");
            s.execute("INSERT INTO cutover.backfill_jobs VALUES ('users_email_normalized', 'running')");
            s.execute("UPDATE cutover.backfill_jobs SET status = 'completed'");
            assertThatThrownBy(() -> s.execute("CREATE TABLE public.sneaky (id int)")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("ALTER TABLE public.users ADD COLUMN x int"))
                    .hasMessageContaining("must be owner");
        }
        try (Connection c = connectAs("readonly"); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT count(*) FROM public.users");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThatThrownBy(() -> s.execute("INSERT INTO public.users (email) VALUES ('b@example.com')"))
                    .hasMessageContaining("read-only transaction");
        }
    }

    @Test
    @Order(4)
    void aRerunPutsBackWhatWasChangedByHand() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE \"" + PREFIX + "_app\" SET statement_timeout = '1h'");
            s.execute("ALTER ROLE \"" + PREFIX + "_app\" CREATEDB");
        }
        Processes.Result rerun = runRolesSql(PREFIX);
        assertThat(rerun.exitCode()).as(rerun.output()).isZero();
        assertThat(roleConfigs().get("app")).contains("statement_timeout=10s");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolcreatedb FROM pg_roles WHERE rolname = '" + PREFIX + "_app'")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isFalse();
        }
    }

    @Test
    @Order(5)
    void rejectsAPrefixThatIsNotAnIdentifier() {
        Processes.Result bad = runRolesSql("Bad-Prefix");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("must be a lower-case identifier");
    }

    /** The compose stack's init script runs roles.sql with the passwords from the container's environment. */
    @Test
    @Order(6)
    void composeInitScriptAppliesTheRolesWithPasswordsFromTheEnvironment() throws SQLException {
        Map<String, String> env = new HashMap<>(Map.of(
                "PGHOST", db.host(), "PGPORT", String.valueOf(db.port()), "PGPASSWORD", db.password(),
                "POSTGRES_USER", db.user(), "POSTGRES_DB", db.name(),
                "CUTOVER_ROLE_PREFIX", PREFIX, "CUTOVER_ROLES_SQL", Repo.path("infra/postgres/roles.sql").toString()));
        for (String suffix : SUFFIXES) {
            env.put("CUTOVER_" + suffix.toUpperCase(java.util.Locale.ROOT) + "_PASSWORD", PASSWORDS.get(suffix));
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE \"" + PREFIX + "_monitor\" PASSWORD NULL");
        }
        Processes.Result result = Processes.run(Repo.root(), env, 120,
                List.of("bash", Repo.path("infra/compose/initdb-roles.sh").toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_authid WHERE rolname LIKE '" + PREFIX + "\\_%' AND rolpassword LIKE 'SCRAM-SHA-256$%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(SUFFIXES.size());
        }
        try (Connection c = connectAs("monitor"); Statement s = c.createStatement()) {
            assertThat(show(s, "statement_timeout")).isEqualTo("5s");
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
