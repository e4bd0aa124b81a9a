package dev.cutover.service.users;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A login or recovery waits for a sign-up of its address in flight here, and for nothing else. */
class SignUpsInFlightTest {

    private final SignUpsInFlight signUps = new SignUpsInFlight();

    @Test
    void aRecoveryForAnAddressBeingSignedUpWaitsUntilTheSignUpEnds() {
        CompletableFuture<String> hashAndInsert = new CompletableFuture<>();
        UniAssertSubscriber<String> signUp = signUps.track("New.User@Example.com",
                Uni.createFrom().completionStage(hashAndInsert)).subscribe().withSubscriber(UniAssertSubscriber.create());

        // The same address as the lookups see it (trimmed, any case) waits; another address does not.
        UniAssertSubscriber<Void> recovery = signUps.settled(" new.user@example.com").subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Void> other = signUps.settled("someone@example.com").subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        recovery.assertNotTerminated();
        other.assertCompleted();

        hashAndInsert.complete("inserted");
        signUp.assertCompleted().assertItem("inserted");
        recovery.assertCompleted();
        // Nothing is left behind: the next lookup does not wait.
        signUps.settled("new.user@example.com").subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertCompleted();
    }

    @Test
    void aFailedSignUpReleasesItsWaitersToo() {
        CompletableFuture<String> hashAndInsert = new CompletableFuture<>();
        signUps.track("taken@example.com", Uni.createFrom().completionStage(hashAndInsert)).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Void> login = signUps.settled("taken@example.com").subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        login.assertNotTerminated();

        hashAndInsert.completeExceptionally(new IllegalStateException("23505: already exists"));
        login.assertCompleted();
    }

    @Test
    void twoSignUpsOfOneAddressAreBothWaitedFor() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        signUps.track("twice@example.com", Uni.createFrom().completionStage(first)).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        signUps.track("twice@example.com", Uni.createFrom().completionStage(second)).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Void> login = signUps.settled("twice@example.com").subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        second.complete("inserted");
        login.assertNotTerminated();
        first.completeExceptionally(new IllegalStateException("23505"));
        login.assertCompleted();
    }
}
