package dev.cutover.migrations.seed.internal;

import dev.cutover.migrations.seed.SeededUser;
import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Derives seeded user number {@code n} from the seed and {@code n} alone, so any range can be generated on its own
 * and a re-run produces the same rows.
 */
public final class UserGenerator {

    /** Seeded users were created over the years before this instant, one about every 30 seconds. */
    static final Instant EPOCH = Instant.parse("2022-01-01T00:00:00Z");
    static final long SPACING_MILLIS = 30_000;

    // Computed once: normalizing and concatenating per row was most of the generator's time.
    private static final List<String> ASCII_GIVEN = Names.GIVEN.stream().map(UserGenerator::ascii).toList();
    private static final List<String> ASCII_FAMILY = Names.FAMILY.stream().map(UserGenerator::ascii).toList();
    private static final String[][] FULL_NAMES = Names.GIVEN.stream()
            .map(given -> Names.FAMILY.stream().map(family -> given + " " + family).toArray(String[]::new))
            .toArray(String[][]::new);

    private final long seed;

    public UserGenerator(long seed) {
        this.seed = seed;
    }

    public SeededUser user(long n) {
        SplittableRandom random = new SplittableRandom(mix(seed, n));
        int g = random.nextInt(Names.GIVEN.size());
        int f = random.nextInt(Names.FAMILY.size());
        String domain = Names.DOMAINS.get(random.nextInt(Names.DOMAINS.size()));
        String given = ASCII_GIVEN.get(g);
        String family = ASCII_FAMILY.get(f);
        String local = switch (random.nextInt(4)) {
            case 0 -> given + "." + family;
            case 1 -> given.charAt(0) + family;
            case 2 -> given + "_" + family;
            default -> given + "." + family.charAt(0);
        };
        // The number makes the address unique, and lets a re-run recognise what an earlier one wrote.
        String email = local + n + "@" + domain;
        // Monotonic in n, jittered within the slot, so ids and created_at ascend together as in real sign-ups.
        long millis = EPOCH.toEpochMilli() + n * SPACING_MILLIS + random.nextLong(SPACING_MILLIS);
        return new SeededUser(n, uuidV7(millis, random), email, FULL_NAMES[g][f], Instant.ofEpochMilli(millis));
    }

    /** A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 12 + 62 random bits, variant 10. */
    static UUID uuidV7(long millis, SplittableRandom random) {
        long high = (millis << 16) | 0x7000L | random.nextInt(0x1000);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    /** Lower-case ASCII letters only: "Chloé" becomes "chloe", "O'Brien" "obrien". */
    private static String ascii(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }

    static long mix(long seed, long n) {
        long z = seed * 0x9E37_79B9_7F4A_7C15L + n;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
