package dev.cutover.service.auth;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.cutover.service.config.CutoverConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=...}), the same format the FastAPI
 * template stores, so migrated users keep their passwords. Hashing is deliberately slow, so the reactive methods run
 * it on a worker thread and resume on the caller's Vert.x context.
 */
@ApplicationScoped
public class PasswordHasher {

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    private final CutoverConfig.Argon2 cost;
    private final Vertx vertx;
    /** Compared against when the email is unknown, so a login costs the same whether or not the user exists. */
    private final String decoy;

    @Inject
    public PasswordHasher(CutoverConfig config, Vertx vertx) {
        this.cost = config.argon2();
        this.vertx = vertx;
        this.decoy = hashNow("decoy password, never matches anything a user can send");
    }

    /** Hashes on the calling thread; for start-up and tools, never for the event loop. */
    public String hashNow(String password) {
        char[] chars = password.toCharArray();
        try {
            return argon2.hash(cost.iterations(), cost.memoryKib(), cost.parallelism(), chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> hashNow(password)), false);
    }

    /** Checks a password against a stored hash; with a null hash, spends the same time and answers false. */
    public Uni<Boolean> verify(String hash, String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            char[] chars = password.toCharArray();
            try {
                boolean matches = argon2.verify(hash == null ? decoy : hash, chars);
                return hash != null && matches;
            } catch (RuntimeException malformedHash) {
                return false;
            } finally {
                argon2.wipeArray(chars);
            }
        }), false);
    }
}
