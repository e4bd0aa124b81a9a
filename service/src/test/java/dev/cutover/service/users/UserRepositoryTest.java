package dev.cutover.service.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.service.Concurrently;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The write the first superuser is created by: through Hibernate like any user, and idempotent under a race. */
@QuarkusTest
class UserRepositoryTest {

    @Inject
    UserRepository users;

    @Test
    void aTakenEmailIsRefusedWithoutAFailure() throws Exception {
        String email = "first-" + UUID.randomUUID() + "@example.com";
        assertThat(createUnlessTaken(email)).isTrue();
        assertThat(createUnlessTaken(email)).isFalse();

        User created = users.findByEmail(email).await().indefinitely();
        assertThat(created.isSuperuser).isTrue();
        assertThat(created.isActive).isTrue();
        assertThat(created.fullName).isNull();
        assertThat(created.hashedPassword).isEqualTo("hash");
    }

    /** As several instances starting at once: each tries the same email, and exactly one creates it. */
    @Test
    void ofCreationsRacingForOneEmailExactlyOneWins() throws Exception {
        String email = "race-" + UUID.randomUUID() + "@example.com";
        // One thread, so one Vert.x context and one Hibernate session, per creation, as in separate instances.
        List<Boolean> results = Concurrently.run(3, () -> createUnlessTaken(email));
        assertThat(results).containsOnlyOnce(true).hasSize(3);
    }

    private boolean createUnlessTaken(String email) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> users.createUnlessTaken(email, "hash", null, true, true));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
