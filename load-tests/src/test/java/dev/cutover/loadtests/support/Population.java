package dev.cutover.loadtests.support;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The users a simulation acts as: the superuser and a few seeded users with tokens issued before the load starts,
 * every seeded user of the logins file as a target, and fresh addresses for sign-ups. Feeders draw at random.
 */
public final class Population {

    private final LoadSettings settings;
    private final List<SeededLogins.Login> seeded;
    private volatile String superuserToken;
    private volatile List<Map<String, Object>> tokenUsers = List.of();

    public Population(LoadSettings settings) {
        this.settings = settings;
        this.seeded = SeededLogins.read(settings.loginsFile());
    }

    /** Logs in the superuser and {@code tokenUsers} seeded users spread over the file; for a simulation's before(). */
    public void logIn() {
        AccessTokens tokens = new AccessTokens(settings.baseUrl());
        superuserToken = tokens.login(settings.superuser(), settings.superuserPassword());
        int count = Math.max(1, Math.min(settings.tokenUsers(), seeded.size()));
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SeededLogins.Login login = seeded.get(i * seeded.size() / count);
            users.add(Map.of("userId", login.id(), "token", tokens.login(login.email(), login.password())));
        }
        tokenUsers = List.copyOf(users);
        System.out.printf("logged in the superuser and %d seeded users at %s%n", users.size(), settings.baseUrl());
    }

    /** {@code superToken}: the superuser's bearer token. */
    public Iterator<Map<String, Object>> superuser() {
        return Stream.generate(() -> Map.<String, Object>of("superToken", superuserToken)).iterator();
    }

    /** {@code userId} and {@code token} of one of the logged-in seeded users. */
    public Iterator<Map<String, Object>> loggedIn() {
        return Stream.generate(() -> tokenUsers.get(ThreadLocalRandom.current().nextInt(tokenUsers.size()))).iterator();
    }

    /** {@code id}, {@code email}, {@code password} of any seeded user of the logins file. */
    public Iterator<Map<String, Object>> anySeeded() {
        return Stream.generate(() -> {
            SeededLogins.Login login = seeded.get(ThreadLocalRandom.current().nextInt(seeded.size()));
            return Map.<String, Object>of("id", login.id(), "email", login.email(), "password", login.password());
        }).iterator();
    }

    /** {@code newEmail}, {@code newPassword}, {@code newName} for a sign-up that cannot collide with another. */
    public Iterator<Map<String, Object>> newcomers() {
        return Stream.generate(() -> {
            String tag = UUID.randomUUID().toString().substring(0, 13);
            return Map.<String, Object>of("newEmail", "load-" + tag + "@example.com",
                    "newPassword", "load-test-" + tag, "newName", "Load Test " + tag);
        }).iterator();
    }
}
