package dev.cutover.service.config;

import java.util.Optional;
import org.jboss.logging.Logger;

/** Why production must not start with the given settings; the dev and test profiles have safe fallbacks. */
public final class ProductionRefusal {

    private static final Logger LOG = Logger.getLogger(ProductionRefusal.class);

    private ProductionRefusal() {
    }

    /** The one-line reason to refuse the start, or empty when the settings are safe (or only warned about). */
    public static Optional<String> of(ServiceConfig config, JdbcDatabase database) {
        if (!database.configured()) {
            return Optional.of("DATABASE_URL is not set. The production profile has no database fallback: "
                    + "set DATABASE_URL=postgresql://user:password@host:5432/db (or quarkus.datasource.reactive.url).");
        }
        Optional<String> refusal = ProductionSecrets.refusal("SECRET_KEY", config.secretKey())
                .or(() -> ProductionSecrets.refusal("FIRST_SUPERUSER_PASSWORD", config.firstSuperuserPassword()));
        String databasePassword = database.password();
        // No password at all is a choice of authentication (certificates, peer, a trusted network), not a weak secret.
        if (refusal.isEmpty() && databasePassword != null && !databasePassword.isEmpty()) {
            refusal = ProductionSecrets.refusal("the database password (DATABASE_URL)", databasePassword);
        }
        if (refusal.isPresent() && PrivateApi.enabled(config.fastapiEnv())) {
            // As the template: FASTAPI_ENV=development (its .env) only warns about the secrets, so its .env starts.
            LOG.warn(refusal.get() + " (a warning only because FASTAPI_ENV=development; production refuses to start)");
            refusal = Optional.empty();
        }
        // Never only a warning: a wrong pooler setting fails the first statements anyway, with a cryptic error.
        return refusal.or(() -> PoolerCheck.refusal(config.database().pooler(), config.migrateAtStart(), database));
    }
}
