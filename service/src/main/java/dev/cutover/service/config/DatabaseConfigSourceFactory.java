package dev.cutover.service.config;

import dev.cutover.migrations.jdbc.DatabaseUrl;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Where the service's database is: {@code DATABASE_URL} in either the libpq or the JDBC form, in every profile;
 * else, in dev and test only, a scratch database of this run's own (see {@link DevDatabase}). The prod profile has
 * no fallback: without a URL the service does not start.
 */
public class DatabaseConfigSourceFactory implements ConfigSourceFactory {

    /** Above application.properties (250), below explicit environment variables (300). */
    static final int ORDINAL = 275;
    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    /** Set by {@code DATABASE_POOLER=transaction}; {@link JdbcDatabase} reads it too. */
    static final String LAYER7_PROXY = "quarkus.datasource.reactive.postgresql.use-layer7-proxy";
    private static final String HIBERNATE_ACTIVE = "quarkus.hibernate-orm.active";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> properties = new HashMap<>();
        String databaseUrl = value(context, "DATABASE_URL");
        if (databaseUrl != null) {
            DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
            properties.put(REACTIVE_URL, url.postgresUrl());
            // Always both keys, empty when the URL has none: a build run with DATABASE_URL set records what this
            // factory gave it as the jar's defaults, and an empty value here keeps such a recorded user or password
            // from standing in for the one this URL leaves out.
            properties.put("quarkus.datasource.username", url.user().orElse(""));
            properties.put("quarkus.datasource.password", url.password().orElse(""));
        } else if (value(context, REACTIVE_URL) == null) {
            List<String> profiles = context.getProfiles();
            String profile = profiles.contains("test") ? "test" : profiles.contains("dev") ? "dev" : null;
            if (profile != null) {
                properties.putAll(DevDatabase.properties(profile));
            }
        }
        if (Pooler.TRANSACTION.setting().equals(value(context, Pooler.VARIABLE))) {
            // PgBouncer 1.18 in transaction mode hands each transaction any server session: a statement is parsed,
            // bound and run in one round trip (unnamed), and none is prepared by name to be found again later.
            properties.put(LAYER7_PROXY, "true");
            properties.put("quarkus.datasource.reactive.cache-prepared-statements", "false");
        }
        // Without a database Hibernate would fail the start with a stack trace before StartupTasks can say why in one
        // line. Always set, so a value recorded by a build without a URL never sticks.
        properties.put(HIBERNATE_ACTIVE, String.valueOf(properties.containsKey(REACTIVE_URL)
                || value(context, REACTIVE_URL) != null));
        return List.of(new PropertiesConfigSource(properties, "cutover-database", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
