package dev.cutover.service.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cutover.service.auth.StoredHash.Argon2Cost;
import dev.cutover.service.config.JdbcDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Users whose rows hold hashes made by other implementations (Python's bcrypt and argon2-cffi, Apache's htpasswd)
 * log in, and the hashes the template would replace are replaced by Argon2id at the configured cost.
 */
@QuarkusTest
class PasswordCompatibilityTest {

    /** The test profile's cost (application.properties), as a PHC prefix. */
    private static final String CONFIGURED = "$argon2id$v=19$m=19456,t=2,p=1$";

    @Inject
    JdbcDatabase database;
    @Inject
    PasswordHasher hasher;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    record Fixture(String generator, boolean rehashed, String password, String hash) {
    }

    @Test
    void everyCommittedFixtureLogsInAndWeakerHashesAreReplaced() throws Exception {
        List<Fixture> fixtures = committedFixtures();
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(10);
        for (Fixture fixture : fixtures) {
            String email = userWithHash(fixture.hash());
            login(email, "x" + fixture.password()).statusCode(400).body("detail", equalTo("Incorrect email or password"));
            assertThat(storedHash(email)).as(fixture.generator()).isEqualTo(fixture.hash());

            assertThat(login(email, fixture.password()).extract().statusCode()).as(fixture.generator()).isEqualTo(200);
            String stored = storedHash(email);
            if (fixture.rehashed()) {
                assertThat(stored).as(fixture.generator()).startsWith(CONFIGURED);
                login(email, fixture.password()).statusCode(200);
                assertThat(storedHash(email)).as("a replaced hash is not replaced again").isEqualTo(stored);
            } else {
                assertThat(stored).as(fixture.generator()).isEqualTo(fixture.hash());
            }
        }
    }

    @Test
    void aCorrectPasswordLogsInEvenWhenStoringTheStrongerHashFails() throws Exception {
        Fixture weaker = committedFixtures().stream().filter(Fixture::rehashed).findFirst().orElseThrow();
        String email = userWithHash(weaker.hash());
        double before = rehashFailures();
        // A real failure of the UPDATE, as a schema state or a lost connection would give; only this user's row.
        try (Connection c = database.open("test"); var s = c.createStatement()) {
            s.execute("CREATE FUNCTION refuse_rehash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "RAISE EXCEPTION 'refused by the test' USING ERRCODE = '23514'; END $$");
            s.execute("CREATE TRIGGER refuse_rehash BEFORE UPDATE ON users FOR EACH ROW "
                    + "WHEN (OLD.email = '" + email + "') EXECUTE FUNCTION refuse_rehash()");
        }
        try {
            login(email, weaker.password()).statusCode(200).body("token_type", equalTo("bearer"));
            login(email, weaker.password()).statusCode(200);
        } finally {
            try (Connection c = database.open("test"); var s = c.createStatement()) {
                s.execute("DROP TRIGGER refuse_rehash ON users");
                s.execute("DROP FUNCTION refuse_rehash()");
            }
        }
        assertThat(storedHash(email)).as("the old hash stays").isEqualTo(weaker.hash());
        assertThat(rehashFailures() - before).as("failures counted").isEqualTo(2.0);
        login(email, weaker.password()).statusCode(200);
        assertThat(storedHash(email)).as("replaced once storing works again").startsWith(CONFIGURED);
    }

    @Test
    void bcryptCountsTheFirst72BytesAsTheToolsThatMadeTheHashes() throws Exception {
        Fixture longOne = committedFixtures().stream().filter(f -> f.generator().contains("84 bytes")).findFirst().orElseThrow();
        String first72 = longOne.password().substring(0, 72);
        String email = userWithHash(longOne.hash());
        login(email, first72 + "anything else").statusCode(200);
        assertThat(storedHash(email)).startsWith(CONFIGURED);
        // The new Argon2id hash counts every byte: from now on only the password the user typed works.
        login(email, first72 + "anything else").statusCode(200);
        login(email, first72).statusCode(400);
    }

    @Test
    void inactiveUsersGetTheirHashReplacedAndStillCannotLogIn() throws Exception {
        Fixture bcrypt = committedFixtures().get(0);
        String email = userWithHash(bcrypt.hash());
        try (Connection c = database.open("test"); PreparedStatement s =
                c.prepareStatement("UPDATE users SET is_active = false WHERE email = ?")) {
            s.setString(1, email);
            s.executeUpdate();
        }
        login(email, bcrypt.password()).statusCode(400).body("detail", equalTo("Inactive user"));
        assertThat(storedHash(email)).startsWith(CONFIGURED);
    }

    @Test
    void unknownEmailsSpendTheHighestArgon2CostInUse() throws Exception {
        Fixture strong = committedFixtures().stream().filter(f -> f.hash().contains("m=102400,t=2,p=8")).findFirst()
                .orElseThrow();
        String email = userWithHash(strong.hash());
        login(email, "a wrong password").statusCode(400);
        Argon2Cost decoy = hasher.decoyCost();
        assertThat(decoy.weakerThan(new Argon2Cost(102400, 2, 8))).as("decoy %s", decoy).isFalse();

        login("nobody-" + UUID.randomUUID() + "@example.com", "whatever password").statusCode(400)
                .body("detail", equalTo("Incorrect email or password"));
    }

    @Test
    void hashesFreshlyMadeByTheInstalledToolsVerify() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        boolean python3Libraries = run(List.of(python, "-c", "import bcrypt, argon2")) != null;
        boolean htpasswd = run(List.of("htpasswd", "-nbB", "-C", "4", "u", "p")) != null;
        Assumptions.assumeTrue(python3Libraries || htpasswd, "neither python3-bcrypt/python3-argon2 nor htpasswd is installed");
        String password = "fresh " + UUID.randomUUID() + " é✓";
        List<Fixture> fresh = new ArrayList<>();
        if (python3Libraries) {
            String script = "import sys, bcrypt\nfrom argon2 import PasswordHasher, Type\npw = sys.argv[1]\n"
                    + "print(bcrypt.hashpw(pw.encode(), bcrypt.gensalt(10, b'2b')).decode())\n"
                    + "print(bcrypt.hashpw(pw.encode(), bcrypt.gensalt(10, b'2a')).decode())\n"
                    + "print(PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(pw))\n"
                    + "print(PasswordHasher(time_cost=1, memory_cost=8192, parallelism=2, type=Type.I).hash(pw))\n";
            String[] hashes = run(List.of(python, "-c", script, password)).strip().split("\n");
            fresh.add(new Fixture("python3-bcrypt 2b", true, password, hashes[0]));
            fresh.add(new Fixture("python3-bcrypt 2a", true, password, hashes[1]));
            fresh.add(new Fixture("argon2-cffi, the template's cost", false, password, hashes[2]));
            fresh.add(new Fixture("argon2-cffi argon2i", true, password, hashes[3]));
        }
        if (htpasswd) {
            String line = run(List.of("htpasswd", "-nbB", "-C", "6", "user", password)).strip();
            fresh.add(new Fixture("htpasswd -B", true, password, line.substring(line.indexOf(':') + 1)));
        }
        for (Fixture fixture : fresh) {
            String email = userWithHash(fixture.hash());
            assertThat(login(email, fixture.password()).extract().statusCode()).as(fixture.generator()).isEqualTo(200);
            assertThat(storedHash(email).startsWith(CONFIGURED)).as(fixture.generator()).isEqualTo(fixture.rehashed());
        }
    }

    static List<Fixture> committedFixtures() throws IOException {
        List<Fixture> fixtures = new ArrayList<>();
        try (InputStream in = PasswordCompatibilityTest.class.getResourceAsStream("/password-hashes.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                fixtures.add(new Fixture(f[0], f[1].equals("yes"), f[2], f[3]));
            }
        }
        return fixtures;
    }

    private static io.restassured.response.ValidatableResponse login(String email, String password) {
        // RestAssured sends forms as ISO-8859-1 unless told; browsers send UTF-8.
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("username", email).formParam("password", password)
                .post("/api/v1/login/access-token").then();
    }

    private String userWithHash(String hash) throws SQLException {
        String email = "legacy-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
        try (Connection c = database.open("test"); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO users (id, email, hashed_password, full_name, is_active, is_superuser, created_at) "
                        + "VALUES (gen_random_uuid(), ?, ?, 'Legacy', true, false, now())")) {
            insert.setString(1, email);
            insert.setString(2, hash);
            insert.executeUpdate();
        }
        return email;
    }

    private String storedHash(String email) throws SQLException {
        try (Connection c = database.open("test");
             PreparedStatement select = c.prepareStatement("SELECT hashed_password FROM users WHERE email = ?")) {
            select.setString(1, email);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** {@code cutover_login_rehash_failures_total} as Prometheus scrapes it. */
    private double rehashFailures() {
        String text = given().get(metrics).then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith("cutover_login_rehash_failures_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The command's output, or null when it cannot run or fails. */
    private static String run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException notInstalled) {
            return null;
        }
    }
}
