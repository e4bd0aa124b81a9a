package dev.cutover.service.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import dev.cutover.service.auth.StoredHash.Argon2Cost;
import dev.cutover.service.config.ServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The template's password hashes, both ways: new hashes are Argon2id PHC strings at the configured cost; stored
 * Argon2 (id, i, d) and bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) hashes verify, and
 * {@link #verifyAndUpdate} says when a verified one should be replaced, as pwdlib's {@code verify_and_update} does.
 * Hashing is slow and Argon2 allocates its memory cost off-heap, so every operation runs on a worker thread within
 * the {@link HashingBudget} and resumes on the caller's Vert.x context.
 */
@ApplicationScoped
public class PasswordHasher {

    /**
     * The native Argon2 library, loaded (JNA, then libargon2) by the first hash rather than at start: a holder class
     * is initialized on first use, so the start-up path never pays for it when the first superuser exists.
     */
    private static final class Argon2Library {
        static final Map<String, Argon2> BY_VARIANT = Map.of(
                "argon2id", Argon2Factory.create(Argon2Types.ARGON2id),
                "argon2i", Argon2Factory.create(Argon2Types.ARGON2i),
                "argon2d", Argon2Factory.create(Argon2Types.ARGON2d));
    }

    /**
     * Only the first 72 bytes of a password count in bcrypt: OpenBSD's bcrypt, htpasswd and Python's bcrypt before
     * 5.0 cut longer ones there when they made the hash, so verifying does the same (bcrypt 5.0 raises instead, which
     * the template answers with a 500).
     */
    private static final BCrypt.Verifyer BCRYPT =
            BCrypt.verifyer(null, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));

    private final Argon2Cost configured;
    /** Highest Argon2 cost configured or verified since start: what a login with an unknown email spends. */
    private final AtomicReference<Argon2Cost> decoyCost;
    private final HashingBudget budget;
    private final Vertx vertx;

    /** The outcome of a check: whether the password matches and, when the stored hash should be replaced, its replacement. */
    public record Verification(boolean matches, String newHash) {
        static final Verification NO_MATCH = new Verification(false, null);
    }

    @Inject
    public PasswordHasher(ServiceConfig config, HashingBudget budget, Vertx vertx) {
        ServiceConfig.Argon2 cost = config.argon2();
        this.configured = new Argon2Cost(cost.memoryKib(), cost.iterations(), cost.parallelism());
        this.decoyCost = new AtomicReference<>(configured);
        this.budget = budget;
        this.vertx = vertx;
    }

    /** Hashes on the calling thread, outside the budget; for start-up and tools, never for the event loop. */
    public String hashNow(String password) {
        return argon2id(configured, password);
    }

    public Uni<String> hash(String password) {
        return blocking(configured.memoryKib(), () -> hashNow(password));
    }

    /** The cost a login with an unknown email spends now. */
    Argon2Cost decoyCost() {
        return decoyCost.get();
    }

    /** Checks a password against a stored hash; with a null or unreadable hash, spends a decoy's time and answers false. */
    public Uni<Boolean> verify(String hash, String password) {
        return check(hash, password).map(Checked::matches);
    }

    /**
     * Checks a password and, when it matches a hash that is bcrypt or weaker than the configured Argon2id
     * ({@link StoredHash#needsRehash}), hashes it again at the configured cost for the caller to store.
     */
    public Uni<Verification> verifyAndUpdate(String hash, String password) {
        return check(hash, password).chain(checked -> {
            if (!checked.matches()) {
                return Uni.createFrom().item(Verification.NO_MATCH);
            }
            if (!checked.stale()) {
                return Uni.createFrom().item(new Verification(true, null));
            }
            return hash(password).map(newHash -> new Verification(true, newHash));
        });
    }

    /** Whether the password matched, and whether the stored hash is one to replace. */
    private record Checked(boolean matches, boolean stale) {
        static final Checked NO_MATCH = new Checked(false, false);
    }

    private Uni<Checked> check(String hash, String password) {
        Optional<StoredHash> parsed = StoredHash.parse(hash);
        if (parsed.isEmpty()) {
            Argon2Cost decoy = decoyCost.get();
            return blocking(decoy.memoryKib(), () -> {
                argon2id(decoy, password);
                return Checked.NO_MATCH;
            });
        }
        StoredHash stored = parsed.get();
        return blocking(stored.memoryKib(), () -> {
            boolean matches = stored.kind() == StoredHash.Kind.ARGON2
                    ? verifyArgon2(stored, hash, password) : verifyBcrypt(hash, password);
            return matches ? new Checked(true, stored.needsRehash(configured)) : Checked.NO_MATCH;
        });
    }

    private boolean verifyArgon2(StoredHash stored, String hash, String password) {
        decoyCost.accumulateAndGet(stored.cost(), Argon2Cost::max);
        char[] chars = password.toCharArray();
        try {
            return Argon2Library.BY_VARIANT.get(stored.variant()).verify(hash, chars, StandardCharsets.UTF_8);
        } catch (RuntimeException malformedHash) {
            return false;
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static boolean verifyBcrypt(String hash, String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        try {
            return BCRYPT.verify(bytes, hash.getBytes(StandardCharsets.US_ASCII)).verified;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static String argon2id(Argon2Cost cost, String password) {
        char[] chars = password.toCharArray();
        try {
            return Argon2Library.BY_VARIANT.get(StoredHash.ARGON2ID)
                    .hash(cost.iterations(), cost.memoryKib(), cost.parallelism(), chars, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Runs {@code work} on a worker thread once {@code kib} of the budget is reserved, and gives it back after. A
     * cancellation before the work starts gives it back at once and the work never runs.
     */
    private <T> Uni<T> blocking(int kib, Supplier<T> work) {
        return Uni.createFrom().deferred(() -> {
            long deadline = budget.deadlineNanos();
            AtomicBoolean started = new AtomicBoolean();
            return vertx.executeBlocking(Uni.createFrom().item(() -> {
                if (started.getAndSet(true)) {
                    throw new CancellationException("cancelled before it started");
                }
                try (HashingBudget.Reservation ignored = budget.reserve(kib, deadline)) {
                    return work.get();
                }
            }), false).onCancellation().invoke(() -> started.set(true));
        });
    }
}
