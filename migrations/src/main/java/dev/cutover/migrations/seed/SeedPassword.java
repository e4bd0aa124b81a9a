package dev.cutover.migrations.seed;

import at.favre.lib.crypto.bcrypt.BCrypt;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;

/**
 * The password every seeded user has, {@value #PLAIN}, hashed as the database it is seeded into stores passwords:
 * Argon2id at the service's default cost for Cutover's users table; for the FastAPI template's, bcrypt at its cost
 * (its hashes before it moved to pwdlib) or Argon2id at pwdlib's defaults (since). Seeded users log in like real ones.
 */
public final class SeedPassword {

    /** Documented in load-tests/README.md; seeded databases are for load tests only. */
    public static final String PLAIN = "cutover-seed-password";

    // The service's defaults (CutoverConfig.Argon2: OWASP's minimum). A login verifies with the parameters stored in
    // the hash, so equal cost here makes a seeded user's login cost what a real user's does.
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    // The template hashes with pwdlib: Argon2Hasher() at argon2-cffi's defaults (RFC 9106's low-memory choice), and
    // before January 2026 with bcrypt ("$2b$", 12 rounds), which pwdlib still verifies and upgrades at login.
    static final int TEMPLATE_MEMORY_KIB = 65536;
    static final int TEMPLATE_ITERATIONS = 3;
    static final int TEMPLATE_PARALLELISM = 4;
    static final int TEMPLATE_BCRYPT_COST = 12;

    private SeedPassword() {
    }

    /** A fresh PHC-format hash ({@code $argon2id$v=19$m=19456,t=2,p=1$...}) of {@link #PLAIN}; slow by design. */
    public static String hash() {
        return argon2(ITERATIONS, MEMORY_KIB, PARALLELISM);
    }

    /** {@link #PLAIN} as the template hashes a password today: {@code $argon2id$v=19$m=65536,t=3,p=4$...}. */
    public static String templateArgon2() {
        return argon2(TEMPLATE_ITERATIONS, TEMPLATE_MEMORY_KIB, TEMPLATE_PARALLELISM);
    }

    /** {@link #PLAIN} as the template hashed it before pwdlib: {@code $2b$12$...}. */
    public static String templateBcrypt() {
        return new String(BCrypt.with(BCrypt.Version.VERSION_2B)
                .hash(TEMPLATE_BCRYPT_COST, PLAIN.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** Whether {@code password} matches a hash in either format a seeded user can have (Argon2id PHC, or bcrypt). */
    public static boolean verify(String hash, String password) {
        if (hash.startsWith("$2")) {
            return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8)).verified;
        }
        Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
        char[] chars = password.toCharArray();
        try {
            return argon2.verify(hash, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    private static String argon2(int iterations, int memoryKib, int parallelism) {
        Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
        char[] chars = PLAIN.toCharArray();
        try {
            return argon2.hash(iterations, memoryKib, parallelism, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }
}
