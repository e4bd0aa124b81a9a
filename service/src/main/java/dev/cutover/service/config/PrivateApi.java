package dev.cutover.service.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Whether {@code /api/v1/private/*} is served: exactly when {@code FASTAPI_ENV=development}, as the template decides,
 * whatever the Quarkus profile or launch mode.
 */
@ApplicationScoped
public class PrivateApi {

    /** The routes it opens, as the start-up warning names them. */
    public static final String ROUTES = "POST /api/v1/private/users/";
    public static final String PREFIX = "/api/v1/private";
    static final String DEVELOPMENT = "development";
    private static final Logger LOG = Logger.getLogger(PrivateApi.class);

    @Inject
    ServiceConfig config;

    public boolean enabled() {
        return enabled(config.fastapiEnv());
    }

    /** For code outside CDI (the OpenAPI filter runs before the beans do). */
    public static boolean enabledByConfig() {
        return enabled(ConfigProvider.getConfig().getOptionalValue("cutover.fastapi-env", String.class));
    }

    static boolean enabled(Optional<String> fastapiEnv) {
        return fastapiEnv.filter(DEVELOPMENT::equals).isPresent();
    }

    void warnWhenOpen(@Observes StartupEvent event) {
        if (enabled()) {
            // It creates users without authentication: an operator must see it in the first lines of the log.
            LOG.warnf("FASTAPI_ENV=development: %s is open, creating users without authentication. "
                    + "Never set FASTAPI_ENV=development in production.", ROUTES);
        }
    }
}
