package dev.cutover.migrations.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.seed.SeedPassword;
import dev.cutover.migrations.seed.TemplateSeeder;
import dev.cutover.migrations.seed.UserSeeder;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover seed}: fills Cutover's users table, or a database in the FastAPI template's shape, with reproducible
 * load-test users, topping up to the count given.
 */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Seed users for load tests: one bulk COPY into an empty users table (ACCESS EXCLUSIVE lock"
                + " until it commits), else COPY in chunks; the same users for the same --seed, idempotent.",
                "Every seeded user's password is '" + SeedPassword.PLAIN + "'. --shape cutover (default) needs the"
                        + " users table (migrate first); --shape fastapi-template creates the template's schema at"
                        + " Alembic head " + TemplateSeeder.ALEMBIC_HEAD + " on an empty database and seeds \"user\""
                        + " and item."})
public final class SeedCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--users", required = true, paramLabel = "N", description = "Seeded users 1..N that must exist")
    long users;

    @Option(names = "--shape", paramLabel = "SHAPE", completionCandidates = Shapes.class,
            description = "cutover (Cutover's users table) or fastapi-template (the template's \"user\" and item"
                    + " tables, bcrypt and Argon2 hashes, created_at NULL on old rows) (default: ${DEFAULT-VALUE})")
    String shape = CUTOVER;

    @Option(names = "--seed", description = "Random seed; the same seed gives the same users (default: ${DEFAULT-VALUE})")
    long seed = UserSeeder.DEFAULT_SEED;

    @Option(names = "--chunk", paramLabel = "ROWS", description = "Rows per COPY and transaction (default: ${DEFAULT-VALUE})")
    int chunk = UserSeeder.DEFAULT_CHUNK;

    @Option(names = "--chunked", description = "Seed in chunks even into an empty table: slower, but locks no more"
            + " than the rows it writes (the bulk load of an empty table holds an ACCESS EXCLUSIVE lock on it)")
    boolean chunked;

    @Option(names = "--logins-file", paramLabel = "PATH",
            description = "Also write a CSV (id,email,password) of seeded users for Gatling feeders")
    Path loginsFile;

    @Option(names = "--logins-count", paramLabel = "ROWS",
            description = "Users in the logins file, spread over 1..N (default: ${DEFAULT-VALUE})")
    long loginsCount = 10_000;

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.TEXT;

    static final String CUTOVER = "cutover";
    static final String FASTAPI_TEMPLATE = "fastapi-template";

    /** The values of --shape, for the help's completion candidates. */
    static final class Shapes extends java.util.ArrayList<String> {
        Shapes() {
            super(java.util.List.of(CUTOVER, FASTAPI_TEMPLATE));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (users < 0) {
            throw new IllegalArgumentException("--users must be 0 or more, got " + users);
        }
        if (!CUTOVER.equals(shape) && !FASTAPI_TEMPLATE.equals(shape)) {
            throw new IllegalArgumentException("--shape must be " + CUTOVER + " or " + FASTAPI_TEMPLATE + ", got " + shape);
        }
        boolean template = FASTAPI_TEMPLATE.equals(shape);
        UserSeeder.Result result;
        try (Connection c = connection.connect()) {
            long[] lastPrinted = {System.nanoTime()};
            long start = System.nanoTime();
            UserSeeder.Progress progress = (seeded, total) -> {
                long now = System.nanoTime();
                if (now - lastPrinted[0] >= 1_000_000_000L || seeded == total) {
                    lastPrinted[0] = now;
                    double seconds = (now - start) / 1e9;
                    System.err.printf("seed: %,d / %,d users (%d%%), %.1f s%n", seeded, total,
                            total == 0 ? 100 : seeded * 100 / total, seconds);
                }
            };
            UserSeeder.Progress reported = new UserSeeder.Progress() {
                @Override
                public void seeded(long seeded, long total) {
                    progress.seeded(seeded, total);
                }

                @Override
                public void phase(String name) {
                    System.err.printf("seed: empty table, bulk load: %s, %.1f s%n", name, (System.nanoTime() - start) / 1e9);
                }
            };
            result = template ? new TemplateSeeder(seed, chunk, !chunked).seed(c, users, reported)
                    : new UserSeeder(seed, chunk, !chunked).seed(c, users, reported);
        }
        if (loginsFile != null) {
            if (template) {
                new TemplateSeeder(seed, chunk).writeLogins(loginsFile, users, loginsCount);
            } else {
                new UserSeeder(seed, chunk).writeLogins(loginsFile, users, loginsCount);
            }
        }
        if (format == OutputFormat.JSON) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("shape", shape);
            out.put("requested", result.requested());
            out.put("already_there", result.alreadyThere());
            out.put("inserted", result.inserted());
            out.put("bulk_loaded", result.bulkLoaded());
            out.put("seconds", result.took().toMillis() / 1000.0);
            out.put("logins_file", loginsFile == null ? null : loginsFile.toString());
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.printf("seeded %,d users%s%s (%,d already there, %,d requested) in %.1f s%s%n", result.inserted(),
                    template ? " in the FastAPI template's shape" : "", result.bulkLoaded() ? " by bulk load" : "",
                    result.alreadyThere(), result.requested(), result.took().toMillis() / 1000.0,
                    loginsFile == null ? "" : "; logins in " + loginsFile);
        }
        return 0;
    }
}
