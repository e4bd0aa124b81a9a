package dev.cutover.migrations.seed;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;

/**
 * The password every seeded user has, {@value #PLAIN}, hashed with Argon2id at the service's default cost
 * ({@code cutover.argon2.*} in the service), so seeded users log in exactly like real ones.
 */
public final class SeedPassword {

    /** Documented in load-tests/README.md; seeded databases are for load tests only. */
    public static final String PLAIN = "cutover-seed-password";

    // The service's defaults (CutoverConfig.Argon2: OWASP's minimum). A login verifies with the parameters stored in
    // the hash, so equal cost here makes a seeded user's login cost what a real user's does.
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    private SeedPassword() {
    }

    /** A fresh PHC-format hash ({@code $argon2id$v=19$m=19456,t=2,p=1$...}) of {@link #PLAIN}; slow by design. */
    public static String hash() {
        Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
        char[] chars = PLAIN.toCharArray();
        try {
            return argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    /** Whether {@code password} matches an Argon2id hash in PHC format, as the service's login checks it. */
    public static boolean verify(String hash, String password) {
        Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
        char[] chars = password.toCharArray();
        try {
            return argon2.verify(hash, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }
}
