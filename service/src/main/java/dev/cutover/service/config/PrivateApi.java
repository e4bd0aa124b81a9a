package dev.cutover.service.config;

import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether {@code /api/v1/private/*} is served: as in the template, when {@code FASTAPI_ENV=development}; never in
 * the prod profile, whatever the variable says, since it creates users without authentication.
 */
@ApplicationScoped
public class PrivateApi {

    static final String DEVELOPMENT = "development";

    @Inject
    CutoverConfig config;

    public boolean enabled() {
        return enabled(config.fastapiEnv().orElse(null), ConfigUtils.isProfileActive("prod"));
    }

    static boolean enabled(String fastapiEnv, boolean prodProfile) {
        return DEVELOPMENT.equals(fastapiEnv) && !prodProfile;
    }
}
