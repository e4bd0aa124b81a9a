package dev.cutover.migrations.jdbc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PostgreSQL connection target read as libpq reads a connection URI ({@code postgresql://user:pw@host:5432/db},
 * several {@code host:port} pairs separated by commas, a Unix-socket directory as host) or from the JDBC form
 * ({@code jdbc:postgresql://host:5432/db?user=u&password=p}).
 *
 * @param hosts      the servers to try, in order; a host starting with {@code /} is a Unix-socket directory
 * @param parameters the query parameters other than user, password, host, port and dbname, as written
 */
public record DatabaseUrl(List<Host> hosts, String database, Optional<String> user, Optional<String> password,
                          Map<String, String> parameters) {

    public static final int DEFAULT_PORT = 5432;

    /** The socket directory libpq uses on Debian and most Linux packages when a URI names no host. */
    private static final List<String> SOCKET_DIRECTORIES = List.of("/var/run/postgresql", "/tmp");
    private static final List<String> PREFIXES = List.of("jdbc:postgresql://", "postgresql://", "postgres://",
            "vertx-reactive:postgresql://");
    /** libpq parameter names and their pgJDBC equivalents. */
    private static final Map<String, String> JDBC_NAMES = Map.of("application_name", "ApplicationName",
            "connect_timeout", "connectTimeout", "target_session_attrs", "targetServerType");
    private static final Map<String, String> TARGET_SERVER_TYPES = Map.of("any", "any", "read-write", "primary",
            "primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");

    /** One server: a host name or address and port, or a Unix-socket directory and the port that names its socket. */
    public record Host(String name, int port) {

        public boolean isSocket() {
            return name.startsWith("/");
        }

        @Override
        public String toString() {
            String h = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
            return isSocket() ? name + "/.s.PGSQL." + port : h + ":" + port;
        }
    }

    public DatabaseUrl {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a database URL names at least one host");
        }
        hosts = List.copyOf(hosts);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** One TCP host. */
    public DatabaseUrl(String host, int port, String database, Optional<String> user, Optional<String> password,
                       Map<String, String> parameters) {
        this(List.of(new Host(host, port)), database, user, password, parameters);
    }

    /** Parses either accepted form; throws {@link IllegalArgumentException} with the reason otherwise. */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database URL is empty");
        }
        String trimmed = url.trim();
        String prefix = PREFIXES.stream().filter(trimmed::startsWith).findFirst().orElseThrow(() ->
                new IllegalArgumentException("not a PostgreSQL URL (expected postgresql://... or jdbc:postgresql://...): "
                        + redact(trimmed)));
        String rest = trimmed.substring(prefix.length());
        int q = rest.indexOf('?');
        String head = q < 0 ? rest : rest.substring(0, q);
        // Host names never contain '@', passwords may: the credentials end at the last one.
        int at = head.lastIndexOf('@');
        String userInfo = at < 0 ? null : head.substring(0, at);
        String afterUser = head.substring(at + 1);
        int slash = afterUser.indexOf('/');
        String hostList = slash < 0 ? afterUser : afterUser.substring(0, slash);
        String database = slash < 0 ? "" : decode(afterUser.substring(slash + 1));

        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        Optional<String> user = Optional.ofNullable(params.remove("user"));
        Optional<String> password = Optional.ofNullable(params.remove("password"));
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String u = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            user = u.isEmpty() ? user : Optional.of(u);
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        String dbname = params.remove("dbname");
        if (dbname != null) {
            database = dbname;
        }
        String hostParam = params.remove("host");
        String portParam = params.remove("port");
        List<Host> hosts = hosts(hostParam != null ? hostParam : hostList, portParam, trimmed);
        return new DatabaseUrl(hosts, database.isEmpty() ? "postgres" : database, user, password, params);
    }

    /** The same target with another database name, e.g. the maintenance database {@code postgres}. */
    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(hosts, otherDatabase, user, password, parameters);
    }

    /** The same target with the given credentials where this URL has none. */
    public DatabaseUrl withDefaultCredentials(String defaultUser, String defaultPassword) {
        return new DatabaseUrl(hosts, database, user.or(() -> Optional.ofNullable(defaultUser)),
                password.or(() -> Optional.ofNullable(defaultPassword)), parameters);
    }

    /** The same target with exactly these credentials (null for none). */
    public DatabaseUrl withCredentials(String newUser, String newPassword) {
        return new DatabaseUrl(hosts, database, Optional.ofNullable(newUser), Optional.ofNullable(newPassword),
                parameters);
    }

    /** The first host: the only one, unless the URL lists several. */
    public String host() {
        return hosts.get(0).name();
    }

    public int port() {
        return hosts.get(0).port();
    }

    /**
     * The JDBC URL, without credentials (pass them to the driver separately). A Unix socket goes through junixsocket's
     * socket factory, which pgJDBC needs for them; libpq parameter names are given their pgJDBC names.
     */
    public String jdbcUrl() {
        Map<String, String> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> params.put(JDBC_NAMES.getOrDefault(k, k),
                k.equals("target_session_attrs") ? TARGET_SERVER_TYPES.getOrDefault(v, v) : v));
        String hostList;
        if (hosts.get(0).isSocket()) {
            if (hosts.size() > 1) {
                throw new IllegalArgumentException("JDBC cannot try a Unix socket and other hosts in turn: " + this);
            }
            params.put("socketFactory", "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg");
            params.put("socketFactoryArg", hosts.get(0).toString());
            hostList = "localhost:" + port();
        } else {
            hostList = hosts.stream().map(Host::toString).collect(Collectors.joining(","));
        }
        return "jdbc:postgresql://" + hostList + "/" + encode(database) + query(params);
    }

    /** The libpq / Vert.x form, without credentials; a socket directory is given as the {@code host} parameter. */
    public String postgresUrl() {
        if (hosts.get(0).isSocket()) {
            Map<String, String> params = new LinkedHashMap<>(parameters);
            params.put("host", host());
            params.put("port", String.valueOf(port()));
            return "postgresql:///" + encode(database) + query(params);
        }
        return "postgresql://" + hosts.stream().map(Host::toString).collect(Collectors.joining(",")) + "/"
                + encode(database) + query(parameters);
    }

    /** A form safe to print: credentials left out. */
    @Override
    public String toString() {
        return "postgresql://" + user.map(u -> u + "@").orElse("")
                + hosts.stream().map(Host::toString).collect(Collectors.joining(",")) + "/" + database;
    }

    /** {@code url} with its password, in the credentials or in a {@code password=} parameter, replaced by {@code ***}. */
    public static String redact(String url) {
        String s = url.replaceAll("(?i)(password=)[^&]*", "$1***");
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            return s;
        }
        int start = scheme + 3;
        int q = s.indexOf('?', start);
        String head = q < 0 ? s.substring(start) : s.substring(start, q);
        int at = head.lastIndexOf('@');
        int colon = head.indexOf(':');
        if (at < 0 || colon < 0 || colon > at) {
            return s;
        }
        return s.substring(0, start + colon + 1) + "***" + s.substring(start + at);
    }

    private static List<Host> hosts(String hostList, String portList, String url) {
        String[] ports = portList == null || portList.isEmpty() ? new String[0] : portList.split(",");
        List<Host> hosts = new ArrayList<>();
        String[] names = hostList.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            String spec = names[i];
            int port = ports.length == 0 ? DEFAULT_PORT : port(ports[Math.min(i, ports.length - 1)], url);
            String name = spec;
            int close = spec.indexOf(']');
            int colon = spec.startsWith("[") ? (close >= 0 && close + 1 < spec.length() && spec.charAt(close + 1) == ':'
                    ? close + 1 : -1) : spec.lastIndexOf(':');
            if (colon >= 0 && !spec.startsWith("/")) {
                name = spec.substring(0, colon);
                port = spec.substring(colon + 1).isEmpty() ? port : port(spec.substring(colon + 1), url);
            }
            name = decode(name);
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            if (name.isEmpty()) {
                name = defaultSocketDirectory();
            }
            hosts.add(new Host(name, port));
        }
        return hosts;
    }

    private static int port(String text, String url) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the URL.
        }
        throw new IllegalArgumentException("invalid port '" + text + "' in database URL " + redact(url));
    }

    private static String defaultSocketDirectory() {
        return SOCKET_DIRECTORIES.stream().filter(d -> Files.isDirectory(Path.of(d))).findFirst()
                .orElse(SOCKET_DIRECTORIES.get(0));
    }

    private static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    /** Percent-decoding as libpq does it: {@code %XX} only, a {@code +} stays a plus. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Percent-encodes everything but unreserved characters, so the result reads back unchanged. */
    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
