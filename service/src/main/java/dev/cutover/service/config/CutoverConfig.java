package dev.cutover.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The service's own settings; application.properties maps the FastAPI template's environment variables onto them. */
@ConfigMapping(prefix = "cutover")
public interface CutoverConfig {

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

    /** Argon2id cost; OWASP's minimum by default. Hashes keep their own parameters, so changing these is safe. */
    interface Argon2 {
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();
    }
}
