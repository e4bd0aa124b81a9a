package dev.cutover.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The service's own settings; application.properties maps the FastAPI template's environment variables onto them. */
@ConfigMapping(prefix = "cutover")
public interface ServiceConfig {

    /** The value the template ships with; the prod profile refuses to start with it. */
    String UNSAFE_DEFAULT = "changethis";

    String projectName();

    /** HS256 key for access and password-reset tokens ({@code SECRET_KEY}). */
    String secretKey();

    int accessTokenExpireMinutes();

    int emailResetTokenExpireHours();

    String firstSuperuser();

    String firstSuperuserPassword();

    /** Where the reset link points ({@code FRONTEND_HOST}). */
    String frontendHost();

    /** {@code FASTAPI_ENV}: {@code development} serves the private API outside the prod profile ({@link PrivateApi}). */
    Optional<String> fastapiEnv();

    /** Sender of recovery emails; no emails are sent while it is unset ({@code EMAILS_FROM_EMAIL}). */
    Optional<String> emailsFromEmail();

    /** Apply the Flyway migrations at start: on in dev and test; production runs them as a separate, guarded step. */
    @WithDefault("false")
    boolean migrateAtStart();

    Argon2 argon2();

    Database database();

    LoginThrottle loginThrottle();

    WarmUp warmUp();

    /**
     * Requests the service sends itself before it reports ready, so the first clients a load balancer sends to a new
     * instance do not pay for its cold code paths; 0 rounds: ready without them.
     */
    interface WarmUp {
        @WithDefault("10")
        int rounds();

        /** How long the warm-up may take before the instance reports ready anyway. */
        @WithDefault("PT30S")
        java.time.Duration timeout();
    }

    /**
     * Failed logins allowed per window before a login is answered 429: per account from one client address, and per
     * client address over all accounts. 0 turns a limit off.
     */
    interface LoginThrottle {
        @WithDefault("5")
        int accountFailures();

        @WithDefault("100")
        int addressFailures();

        @WithDefault("PT15M")
        java.time.Duration window();
    }

    /** Database settings of Cutover's own, beside Quarkus' {@code quarkus.datasource.*}. */
    interface Database {
        /** Connections shared by the pipelined short reads ({@code PipelinedReads}), beside the pool. */
        @WithDefault("4")
        int pipelinedReadConnections();

        /** What stands between the service and PostgreSQL ({@link Pooler}): none, or transaction (PgBouncer). */
        @WithDefault("none")
        String pooler();
    }

    /**
     * Argon2id cost of new hashes, by default the template's (argon2-cffi's {@code PasswordHasher()} as pwdlib uses
     * it: RFC 9106's low-memory profile). Hashes keep their own parameters, so changing these is safe: weaker stored
     * hashes are replaced at the owner's next login.
     */
    interface Argon2 {
        @WithDefault("65536")
        int memoryKib();

        @WithDefault("3")
        int iterations();

        @WithDefault("4")
        int parallelism();

        /** Off-heap memory all password hashes in progress may hold together; see HashingBudget. */
        @WithDefault("128")
        int memoryBudgetMib();

        /** How long a hash waits for the budget before the request is answered 503. */
        @WithDefault("PT1S")
        java.time.Duration memoryBudgetWait();
    }
}
