package dev.cutover.bench.hotpath;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * {@code GET /api/v1/users/{id}} as plain Vert.x serves it fastest: the service's work (the bearer token verified
 * once and remembered, the token's user read and checked, the requested user read, the same JSON) with nothing else,
 * over one pipelined PostgreSQL connection per event loop.
 *
 * <p>Settings (environment): {@code PORT}, {@code DATABASE_URL} ({@code postgresql://user@host:port/db}),
 * {@code SECRET_KEY} (the service's, so its tokens verify here), {@code EVENT_LOOPS} (default: twice the cores, as
 * Quarkus has).
 */
public final class FloorServer {

    static final String BY_ID = "SELECT id, email, hashed_password, full_name, is_active, is_superuser, created_at, "
            + "token_version FROM users WHERE id = $1";

    private FloorServer() {
    }

    public static void main(String[] args) {
        int loops = Integer.parseInt(env("EVENT_LOOPS", String.valueOf(2 * Runtime.getRuntime().availableProcessors())));
        int port = Integer.parseInt(env("PORT", "8070"));
        PgConnectOptions database = PgConnectOptions.fromUri(env("DATABASE_URL", null))
                .setCachePreparedStatements(true).setPipeliningLimit(256);
        Tokens tokens = new Tokens(env("SECRET_KEY", null));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        vertx.deployVerticle(() -> new UsersById(port, database, tokens), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("floor ready on :" + port + " with " + loops + " event loops"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return fallback;
        }
        return value;
    }

    /** The service's access-token check: HS256, purpose {@code access}, with sub, ver and exp, remembered once verified. */
    static final class Tokens {
        private final JWTVerifier verifier;
        private final Cache<String, Access> verified = Caffeine.newBuilder().maximumSize(10_000).build();

        Tokens(String secret) {
            verifier = JWT.require(Algorithm.HMAC256(secret)).withClaim("purpose", "access")
                    .withClaimPresence("exp").withClaimPresence("ver").withClaimPresence("sub").build();
        }

        Access verify(String token) {
            Access known = verified.getIfPresent(token);
            if (known != null) {
                return known.expiresAt().isAfter(Instant.now()) ? known : null;
            }
            try {
                DecodedJWT jwt = verifier.verify(token);
                Access access = new Access(UUID.fromString(jwt.getSubject()), jwt.getClaim("ver").asInt(),
                        jwt.getExpiresAtAsInstant());
                verified.put(token, access);
                return access;
            } catch (JWTVerificationException | IllegalArgumentException | NullPointerException e) {
                return null;
            }
        }
    }

    record Access(UUID userId, int version, Instant expiresAt) {
    }

    /** One event loop's HTTP server and its own pipelined connection. */
    static final class UsersById extends AbstractVerticle {
        private final int port;
        private final PgConnectOptions database;
        private final Tokens tokens;
        private PgConnection connection;

        UsersById(int port, PgConnectOptions database, Tokens tokens) {
            this.port = port;
            this.database = database;
            this.tokens = tokens;
        }

        @Override
        public void start(Promise<Void> started) {
            Router router = Router.router(vertx);
            router.get("/api/v1/users/:id").handler(this::readUserById);
            PgConnection.connect(vertx, database)
                    .compose(conn -> {
                        connection = conn;
                        return vertx.createHttpServer().requestHandler(router).listen(port);
                    })
                    .<Void>mapEmpty().onComplete(started);
        }

        private void readUserById(RoutingContext ctx) {
            String header = ctx.request().getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "bearer ", 0, 7)) {
                fail(ctx, 401, "Not authenticated");
                return;
            }
            Access access = tokens.verify(header.substring(7).trim());
            if (access == null) {
                fail(ctx, 403, "Could not validate credentials");
                return;
            }
            UUID requested;
            try {
                requested = UUID.fromString(ctx.pathParam("id"));
            } catch (IllegalArgumentException e) {
                fail(ctx, 422, "Input should be a valid UUID");
                return;
            }
            byId(access.userId()).compose(me -> {
                if (me == null) {
                    return Future.failedFuture(new Refusal(404, "User not found"));
                }
                if (!me.getBoolean("is_active")) {
                    return Future.failedFuture(new Refusal(400, "Inactive user"));
                }
                if (version(me) != access.version()) {
                    return Future.failedFuture(new Refusal(403, "Could not validate credentials"));
                }
                if (me.getUUID("id").equals(requested)) {
                    return Future.succeededFuture(me);
                }
                if (!me.getBoolean("is_superuser")) {
                    return Future.failedFuture(new Refusal(403, "The user doesn't have enough privileges"));
                }
                return byId(requested).compose(user -> user == null
                        ? Future.failedFuture(new Refusal(404, "User not found")) : Future.succeededFuture(user));
            }).onSuccess(user -> ctx.response().putHeader("content-type", "application/json").end(publicJson(user)))
                    .onFailure(e -> {
                        if (e instanceof Refusal refusal) {
                            fail(ctx, refusal.status, refusal.getMessage());
                        } else {
                            fail(ctx, 500, "Internal Server Error");
                        }
                    });
        }

        private Future<Row> byId(UUID id) {
            return connection.preparedQuery(BY_ID).execute(Tuple.of(id)).map(FloorServer::firstOrNull);
        }
    }

    static Row firstOrNull(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? it.next() : null;
    }

    static int version(Row user) {
        Integer version = user.getInteger("token_version");
        return version == null ? 0 : version;
    }

    /** The service's {@code UserPublic}: the same fields in the same order, dates as Jackson writes them. */
    static String publicJson(Row user) {
        return new JsonObject().put("email", user.getString("email")).put("is_active", user.getBoolean("is_active"))
                .put("is_superuser", user.getBoolean("is_superuser")).put("full_name", user.getString("full_name"))
                .put("id", user.getUUID("id").toString())
                .put("created_at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(user.getOffsetDateTime("created_at")))
                .encode();
    }

    static void fail(RoutingContext ctx, int status, String detail) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("detail", detail).encode());
    }

    /** A refusal with the status and detail the service gives. */
    static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }
    }
}
