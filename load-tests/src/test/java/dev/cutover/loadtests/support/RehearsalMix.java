package dev.cutover.loadtests.support;

import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import java.util.List;

/**
 * The rehearsal's request mix: reads by id 48 %, {@code me} 35 %, renames 13 % (a user of itself 6 %, the superuser
 * of any seeded user 7 %, so rows the backfill has not reached are written), logins 2 % (a seeded user's first one
 * re-hashes its password) and sign-ups 2 %. The capacity measurement and the rehearsal both draw from it, so the
 * rate derived from one means the same load in the other.
 */
public final class RehearsalMix {

    private static final double READ_BY_ID = 0.48;
    private static final double READ_ME = 0.35;
    private static final double UPDATE_ME = 0.06;
    private static final double RENAME_USER = 0.07;
    private static final double LOG_IN = 0.02;
    private static final double SIGN_UP = 0.02;

    private RehearsalMix() {
    }

    /** Open-model arrivals at the settings' rate, one scenario per kind of request. */
    public static List<PopulationBuilder> arrivals(LoadSettings settings, UserRequests requests) {
        return List.of(
                Arrivals.of(settings, "read user by id", requests.readById(), READ_BY_ID, false),
                Arrivals.of(settings, "read me", requests.readMe(), READ_ME, false),
                Arrivals.of(settings, "update me", requests.updateMe(), UPDATE_ME, false),
                Arrivals.of(settings, "rename user", requests.renameUser(), RENAME_USER, false),
                Arrivals.of(settings, "log in", requests.logIn(), LOG_IN, false),
                Arrivals.of(settings, "sign up", requests.signUp(), SIGN_UP, false));
    }

    /** One request drawn from the mix with its weight, for a closed-model user that sends one and leaves. */
    public static ChainBuilder oneRequest(UserRequests requests) {
        return randomSwitch().on(
                percent(READ_BY_ID * 100).then(requests.readById()),
                percent(READ_ME * 100).then(requests.readMe()),
                percent(UPDATE_ME * 100).then(requests.updateMe()),
                percent(RENAME_USER * 100).then(requests.renameUser()),
                percent(LOG_IN * 100).then(requests.logIn()),
                percent(SIGN_UP * 100).then(requests.signUp()));
    }
}
