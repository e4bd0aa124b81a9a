package dev.cutover.service.auth;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a stored password hash is, read from its text without verifying it: an Argon2 PHC string
 * ({@code $argon2id$v=19$m=65536,t=3,p=4$salt$hash}, also {@code argon2i} and {@code argon2d}) or a bcrypt modular
 * crypt string ({@code $2a$}, {@code $2b$}, {@code $2y$}); anything else is not a hash this service can check.
 */
record StoredHash(Kind kind, String variant, int version, Argon2Cost cost, int bcryptRounds) {

    enum Kind { ARGON2, BCRYPT }

    /** Argon2's three costs: memory in KiB, passes over it, lanes. */
    record Argon2Cost(int memoryKib, int iterations, int parallelism) {

        /** True when any of the three is lower than in {@code other}. */
        boolean weakerThan(Argon2Cost other) {
            return memoryKib < other.memoryKib || iterations < other.iterations || parallelism < other.parallelism;
        }

        /** The larger of each cost: what the slowest of the two hashes spends. */
        Argon2Cost max(Argon2Cost other) {
            return new Argon2Cost(Math.max(memoryKib, other.memoryKib), Math.max(iterations, other.iterations),
                    Math.max(parallelism, other.parallelism));
        }
    }

    static final String ARGON2ID = "argon2id";
    static final int ARGON2_VERSION = 19;

    // The version field is optional in PHC strings: hashes from before Argon2 1.3 (v=16) leave it out.
    private static final Pattern ARGON2 = Pattern.compile(
            "\\$(argon2id|argon2i|argon2d)\\$(?:v=(\\d{1,3})\\$)?m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})"
                    + "\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
    private static final Pattern BCRYPT = Pattern.compile("\\$(2[aby])\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    /** The hash's kind and parameters; empty for text that is neither a bcrypt nor an Argon2 hash. */
    static Optional<StoredHash> parse(String hash) {
        if (hash == null) {
            return Optional.empty();
        }
        Matcher argon2 = ARGON2.matcher(hash);
        if (argon2.matches()) {
            try {
                int version = argon2.group(2) == null ? 16 : Integer.parseInt(argon2.group(2));
                Argon2Cost cost = new Argon2Cost(Integer.parseInt(argon2.group(3)), Integer.parseInt(argon2.group(4)),
                        Integer.parseInt(argon2.group(5)));
                return Optional.of(new StoredHash(Kind.ARGON2, argon2.group(1), version, cost, 0));
            } catch (NumberFormatException tooLarge) {
                return Optional.empty();
            }
        }
        Matcher bcrypt = BCRYPT.matcher(hash);
        if (bcrypt.matches()) {
            return Optional.of(new StoredHash(Kind.BCRYPT, bcrypt.group(1), 0, null, Integer.parseInt(bcrypt.group(2))));
        }
        return Optional.empty();
    }

    /**
     * pwdlib's rule, as the template applies it at login: bcrypt is always replaced by Argon2id, and an Argon2 hash
     * is replaced when it is not Argon2id 1.3 or any of its costs is below the configured one. A hash stronger than
     * the configuration is kept, so lowering the cost never churns through every row.
     */
    boolean needsRehash(Argon2Cost configured) {
        if (kind == Kind.BCRYPT) {
            return true;
        }
        return !ARGON2ID.equals(variant) || version != ARGON2_VERSION || cost.weakerThan(configured);
    }

    /** Off-heap memory verifying this hash takes: the Argon2 memory cost; bcrypt's 4 KiB state counts as nothing. */
    int memoryKib() {
        return kind == Kind.ARGON2 ? cost.memoryKib() : 0;
    }
}
