package dev.cutover.service.startup;

import dev.cutover.migrations.Migrations;
import dev.cutover.migrations.jdbc.DatabaseUrl;
import dev.cutover.service.auth.PasswordHasher;
import dev.cutover.service.config.ServiceConfig;
import dev.cutover.service.config.JdbcDatabase;
import dev.cutover.service.config.ProductionRefusal;
import dev.cutover.service.users.SchemaFeatures;
import dev.cutover.service.users.UserRepository;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Before the first request: refuse unsafe production settings, migrate (dev and test), create the first superuser,
 * then let the warm-up begin.
 */
@ApplicationScoped
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    static final int REFUSED_EXIT_CODE = 2;

    @Inject
    ServiceConfig config;
    @Inject
    PasswordHasher hasher;
    @Inject
    SchemaFeatures schema;
    @Inject
    UserRepository users;
    @Inject
    JdbcDatabase database;
    @Inject
    @Readiness
    FirstSuperuserReadiness readiness;
    @Inject
    @Readiness
    WarmUp warmUp;

    void onStart(@Observes @Priority(10) StartupEvent event) {
        Optional<String> refusal = LaunchMode.current() == LaunchMode.NORMAL
                ? ProductionRefusal.of(config, database)
                : Optional.empty();
        if (refusal.isPresent()) {
            // One line and no stack trace: the operator has a setting to fix, not a bug to read. Halt, because any
            // exception here is printed with its stack, and nothing has started yet that needs stopping. (A plain main
            // method cannot decide this: it runs before Quarkus sets the launch mode, so even quarkus:dev looks like
            // prod.)
            System.err.println("cutover-service: " + refusal.get());
            System.err.flush();
            Runtime.getRuntime().halt(REFUSED_EXIT_CODE);
        }
        DatabaseUrl url = database.url();
        if (config.migrateAtStart()) {
            Migrations.apply(url.jdbcUrl(), database.user(), database.password());
        }
        schema.refresh();
        ensureFirstSuperuser();
        readiness.confirm();
        warmUp.firstSuperuserExists();
    }

    /**
     * Creates the first superuser unless it exists, through the repository every user is created by; idempotent when
     * several instances start at once, since the loser of the race finds the email taken.
     */
    private void ensureFirstSuperuser() {
        boolean exists = users.findByEmail(config.firstSuperuser()).await().atMost(DB_TIMEOUT) != null;
        if (exists) {
            return;
        }
        String hash = hasher.hashNow(config.firstSuperuserPassword());
        // Hibernate Reactive runs only on a Vert.x context, which the start-up event's thread is not.
        boolean created;
        try {
            created = VertxContextSupport.subscribeAndAwait(() -> users
                    .createUnlessTaken(config.firstSuperuser(), hash, null, true, true)
                    .ifNoItem().after(DB_TIMEOUT).fail());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Could not create the first superuser", e);
        }
        if (created) {
            LOG.infof("Created the first superuser %s", config.firstSuperuser());
        }
    }
}
