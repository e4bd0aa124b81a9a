package dev.cutover.service.users;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sign-ups this instance is still processing, by normalized email, so that a login or a password recovery for
 * that address waits for the sign-up to end instead of answering as if the user did not exist.
 *
 * <p>A sign-up spends most of its time hashing the password (about 120 ms of two cores at the template's Argon2
 * cost) before it inserts the row. A client that signs up and at once asks for a recovery mail, or logs in, would
 * otherwise race that hash and lose: no mail, or "Incorrect email or password" counted as a failed login. The wait
 * is bounded, and costs a map lookup when no sign-up for the address is in flight. Other instances do not see this
 * instance's sign-ups; behind a load balancer the race stays as it is in the template.
 */
@ApplicationScoped
public class SignUpsInFlight {

    /** The longest a login or recovery waits for a sign-up of its address; then it goes on with what the table has. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /** {@code creation}, registered as in flight for {@code email} from subscription to its end, however it ends. */
    public <T> Uni<T> track(String email, Uni<T> creation) {
        String key = SchemaFeatures.normalize(email);
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            inFlight.merge(key, done, (previous, mine) -> CompletableFuture.allOf(previous, mine));
            return creation.onTermination().invoke(() -> {
                done.complete(null);
                inFlight.computeIfPresent(key, (k, waiting) -> waiting.isDone() ? null : waiting);
            });
        });
    }

    /** Completes once no sign-up for {@code email} is in flight here, or after {@link #MAX_WAIT}, on the caller's context. */
    public Uni<Void> settled(String email) {
        CompletableFuture<Void> pending = inFlight.get(SchemaFeatures.normalize(email));
        if (pending == null || pending.isDone()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        Uni<Void> waited = Uni.createFrom().completionStage(pending)
                .ifNoItem().after(MAX_WAIT).recoverWithItem((Void) null)
                .onFailure().recoverWithItem((Void) null);
        return context == null ? waited : waited.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
