package dev.cutover.migrations.jdbc;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PostgreSQL connection target parsed from either the libpq form ({@code postgresql://user:pw@host:5432/db})
 * or the JDBC form ({@code jdbc:postgresql://host:5432/db?user=u&password=p}).
 */
public record DatabaseUrl(String host, int port, String database, Optional<String> user,
                          Optional<String> password, Map<String, String> parameters) {

    public static final int DEFAULT_PORT = 5432;

    public DatabaseUrl {
        parameters = Map.copyOf(parameters);
    }

    /** Parses either accepted form; throws {@link IllegalArgumentException} with the reason otherwise. */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database URL is empty");
        }
        String trimmed = url.trim();
        String rest;
        if (trimmed.startsWith("jdbc:postgresql://")) {
            rest = trimmed.substring("jdbc:".length());
        } else if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            rest = trimmed;
        } else if (trimmed.startsWith("vertx-reactive:postgresql://")) {
            rest = trimmed.substring("vertx-reactive:".length());
        } else {
            throw new IllegalArgumentException("not a PostgreSQL URL (expected postgresql://... or jdbc:postgresql://...): "
                    + redact(trimmed));
        }
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed database URL: " + e.getReason());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("database URL has no host: " + redact(trimmed));
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.put(key, value);
            }
        }
        Optional<String> user = Optional.ofNullable(params.remove("user"));
        Optional<String> password = Optional.ofNullable(params.remove("password"));
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) {
                password = Optional.of(decode(info.substring(colon + 1)));
            }
        }
        return new DatabaseUrl(host, port, database.isEmpty() ? "postgres" : database, user, password, params);
    }

    /** The same target with another database name, e.g. the maintenance database {@code postgres}. */
    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(host, port, otherDatabase, user, password, parameters);
    }

    /** The same target with the given credentials where this URL has none. */
    public DatabaseUrl withDefaultCredentials(String defaultUser, String defaultPassword) {
        return new DatabaseUrl(host, port, database, user.or(() -> Optional.ofNullable(defaultUser)),
                password.or(() -> Optional.ofNullable(defaultPassword)), parameters);
    }

    /** The JDBC URL, without credentials (pass them to the driver separately). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostAndPort() + "/" + encode(database) + query();
    }

    /** The libpq / Vert.x form, without credentials. */
    public String postgresUrl() {
        return "postgresql://" + hostAndPort() + "/" + encode(database) + query();
    }

    /** A form safe to print: credentials left out. */
    @Override
    public String toString() {
        return user.map(u -> "postgresql://" + u + "@").orElse("postgresql://") + hostAndPort() + "/" + database;
    }

    private String hostAndPort() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    private String query() {
        if (parameters.isEmpty()) {
            return "";
        }
        return parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String redact(String url) {
        return url.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@").replaceAll("password=[^&]*", "password=***");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
