package dev.cutover.service.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The CORS origins the FastAPI template allows: {@code BACKEND_CORS_ORIGINS} (a comma-separated list or a JSON
 * array, trailing slashes dropped, as the template's settings read it) plus {@code FRONTEND_HOST}, so a frontend on
 * its own domain needs to be named once. An explicit {@code quarkus.http.cors.origins} still wins.
 */
public class CorsConfigSourceFactory implements ConfigSourceFactory {

    static final String ORIGINS = "quarkus.http.cors.origins";
    static final String DEFAULT_FRONTEND_HOST = "http://localhost:5173";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String origins = String.join(",", origins(value(context, "BACKEND_CORS_ORIGINS"),
                value(context, "FRONTEND_HOST")));
        return List.of(new PropertiesConfigSource(Map.of(ORIGINS, origins), "cutover-cors",
                DatabaseConfigSourceFactory.ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(DatabaseConfigSourceFactory.ORDINAL);
    }

    /** The allowed origins, in order, without duplicates. */
    static List<String> origins(String backendCorsOrigins, String frontendHost) {
        Set<String> origins = new LinkedHashSet<>();
        if (backendCorsOrigins != null) {
            for (String origin : split(backendCorsOrigins.trim())) {
                if (!origin.isBlank()) {
                    origins.add(withoutTrailingSlash(origin.trim()));
                }
            }
        }
        origins.add(withoutTrailingSlash(frontendHost == null ? DEFAULT_FRONTEND_HOST : frontendHost.trim()));
        return new ArrayList<>(origins);
    }

    private static List<String> split(String value) {
        if (!value.startsWith("[")) {
            return List.of(value.split(","));
        }
        // A JSON array of strings: origins contain no quotes, commas or brackets, so the quoted parts are the list.
        List<String> items = new ArrayList<>();
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(value);
        while (quoted.find()) {
            items.add(quoted.group(1));
        }
        return items;
    }

    private static String withoutTrailingSlash(String origin) {
        int end = origin.length();
        while (end > 0 && origin.charAt(end - 1) == '/') {
            end--;
        }
        return origin.substring(0, end);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
