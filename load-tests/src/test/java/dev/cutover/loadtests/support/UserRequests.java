package dev.cutover.loadtests.support;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The user API's requests as Gatling chains, one request each (plus a second page for listings). With a
 * {@link RequestLog}, every request is also timed into it.
 */
public final class UserRequests {

    private static final String API = "/api/v1";
    private static final String BEARER = "Authorization";

    private final Population population;
    private final RequestLog log;

    public UserRequests(Population population, RequestLog log) {
        this.population = population;
        this.log = log;
    }

    /** The superuser reads a random seeded user: the hot path (token user, then the target, by primary key). */
    public ChainBuilder readById() {
        return feed(population.superuser()).feed(population.anySeeded()).exec(
                timed("read user by id", http("read user by id").get(API + "/users/#{id}")
                        .header(BEARER, "Bearer #{superToken}").check(status().is(200))));
    }

    /** A seeded user reads itself. */
    public ChainBuilder readMe() {
        return feed(population.loggedIn()).exec(
                timed("read me", http("read me").get(API + "/users/me")
                        .header(BEARER, "Bearer #{token}").check(status().is(200))));
    }

    /** The superuser reads the first keyset page of the user list, then the next one through its cursor. */
    public ChainBuilder listKeyset() {
        return feed(population.superuser()).exec(
                timed("list users (keyset)", http("list users (keyset)").get(API + "/users/?after=&limit=50")
                        .header(BEARER, "Bearer #{superToken}")
                        .check(status().is(200), jsonPath("$.next_cursor").optional().saveAs("cursor"))),
                doIf(session -> session.contains("cursor") && !"null".equals(session.getString("cursor")))
                        .then(timed("list users (keyset, next page)", http("list users (keyset, next page)")
                                .get(API + "/users/?after=#{cursor}&limit=50")
                                .header(BEARER, "Bearer #{superToken}").check(status().is(200)))));
    }

    /** A newcomer signs up (one Argon2 hash on the service). */
    public ChainBuilder signUp() {
        return feed(population.newcomers()).exec(
                timed("sign up", http("sign up").post(API + "/users/signup")
                        .body(StringBody("{\"email\":\"#{newEmail}\",\"password\":\"#{newPassword}\","
                                + "\"full_name\":\"#{newName}\"}")).asJson()
                        .check(status().is(200))));
    }

    /** A seeded user renames itself: a row update on users. */
    public ChainBuilder updateMe() {
        return feed(population.loggedIn()).exec(
                exec(session -> session.set("fullName", "Renamed " + System.nanoTime() % 100_000)),
                timed("update me", http("update me").patch(API + "/users/me")
                        .header(BEARER, "Bearer #{token}")
                        .body(StringBody("{\"full_name\":\"#{fullName}\"}")).asJson()
                        .check(status().is(200))));
    }

    /**
     * The superuser renames any seeded user, as an admin edit without an email: an update of a row the backfill may
     * not have reached yet, which must succeed at every schema state.
     */
    public ChainBuilder renameUser() {
        return feed(population.superuser()).feed(population.anySeeded()).exec(
                exec(session -> session.set("adminName", "Renamed by admin " + System.nanoTime() % 100_000)),
                timed("rename user", http("rename user").patch(API + "/users/#{id}")
                        .header(BEARER, "Bearer #{superToken}")
                        .body(StringBody("{\"full_name\":\"#{adminName}\"}")).asJson()
                        .check(status().is(200))));
    }

    /**
     * A seeded user logs in with its password: one Argon2 verification on the service, and on a user's first login a
     * re-hash (the seed hashes below the service's cost), which writes the row.
     */
    public ChainBuilder logIn() {
        return feed(population.anySeeded()).exec(
                timed("log in", http("log in").post(API + "/login/access-token")
                        .formParam("username", "#{email}").formParam("password", "#{password}")
                        .check(status().is(200))));
    }

    private ChainBuilder timed(String name, HttpRequestActionBuilder request) {
        if (log == null) {
            return exec(request);
        }
        String key = "started:" + name;
        return exec(session -> session.set(key, System.currentTimeMillis()))
                .exec(request)
                .exec(session -> {
                    log.record(name, session.getLong(key), System.currentTimeMillis(), !session.isFailed());
                    return session.markAsSucceeded();
                });
    }
}
