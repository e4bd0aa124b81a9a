package dev.cutover.migrations.seed.internal;

import dev.cutover.migrations.seed.SeededUser;
import dev.cutover.migrations.seed.TemplateUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Derives template-shaped user number {@code n} (and its items) from the seed and {@code n} alone, with the history
 * a real template database carries: the template's users signed up before January 2026 have bcrypt hashes (unless
 * they logged in since and pwdlib upgraded them to Argon2) and no created_at (the column came later, nullable).
 */
public final class TemplateGenerator {

    /** Share of users from before the template's move to pwdlib and its created_at column (revision fe56fa70289e). */
    static final double LEGACY_SHARE = 0.6;
    /** Share of those legacy users whose bcrypt hash pwdlib has upgraded to Argon2 at a login since. */
    static final double UPGRADED_SHARE = 0.3;
    static final double INACTIVE_SHARE = 0.01;
    static final double NO_FULL_NAME_SHARE = 0.15;
    /** Users typed their address with capitals; the template stores it as given, exact-match lookups and all. */
    static final double CAPITALISED_EMAIL_SHARE = 0.1;
    /** Items per user: 0, 1 or 2, evenly; one item per user on average. */
    static final int MAX_ITEMS = 2;
    /** Revision fe56fa70289e added created_at; newer users were created between it and this instant. */
    static final Instant CREATED_AT_COLUMN = Instant.parse("2026-01-23T15:50:37Z");
    static final Instant NEWEST = Instant.parse("2026-11-01T00:00:00Z");

    private static final List<String> TITLES = List.of("Groceries", "Quarterly report", "Holiday plans", "Reading list",
            "Bug triage", "Garden", "Invoice 2025-114", "Team offsite", "Car service", "Recipes", "Move to Lisbon",
            "Budget draft");
    private static final List<String> DESCRIPTIONS = List.of("Due before Friday.", "Ask Priya for the figures.",
            "Half done; see the shared folder.", "Keep it short.", "Müller & Söhne quote attached.",
            "Waiting on the landlord.");

    private final long seed;
    private final UserGenerator names;

    public TemplateGenerator(long seed) {
        // A different stream from Cutover's seeded users: the same seed makes unrelated ids in the two shapes.
        this.seed = seed ^ 0x7E3A_1F00_5EED_0001L;
        this.names = new UserGenerator(seed);
    }

    public TemplateUser user(long n) {
        SplittableRandom random = new SplittableRandom(UserGenerator.mix(seed, n));
        SeededUser base = names.user(n);
        boolean legacy = random.nextDouble() < LEGACY_SHARE;
        boolean bcrypt = legacy && random.nextDouble() >= UPGRADED_SHARE;
        Instant createdAt = legacy ? null : CREATED_AT_COLUMN.plusMillis(
                random.nextLong(Duration.between(CREATED_AT_COLUMN, NEWEST).toMillis()));
        String email = random.nextDouble() < CAPITALISED_EMAIL_SHARE ? capitalise(base.email()) : base.email();
        String fullName = random.nextDouble() < NO_FULL_NAME_SHARE ? null : base.fullName();
        boolean active = random.nextDouble() >= INACTIVE_SHARE;
        UUID id = uuidV4(random);
        int count = random.nextInt(MAX_ITEMS + 1);
        List<TemplateUser.Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String description = random.nextBoolean() ? null : DESCRIPTIONS.get(random.nextInt(DESCRIPTIONS.size()));
            Instant itemCreated = createdAt == null ? null : createdAt.plusSeconds(random.nextLong(30L * 86_400));
            items.add(new TemplateUser.Item(uuidV4(random), TITLES.get(random.nextInt(TITLES.size())), description,
                    itemCreated));
        }
        return new TemplateUser(n, id, email, fullName, active, bcrypt, createdAt, List.copyOf(items));
    }

    /** A random UUID as the template's ORM makes them (uuid4): version 4, variant 10. */
    static UUID uuidV4(SplittableRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    private static String capitalise(String email) {
        return email.substring(0, 1).toUpperCase(Locale.ROOT) + email.substring(1);
    }
}
