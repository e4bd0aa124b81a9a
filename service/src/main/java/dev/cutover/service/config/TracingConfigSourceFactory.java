package dev.cutover.service.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Tracing is on exactly when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the OpenTelemetry standard variable) names a
 * collector; otherwise the OpenTelemetry SDK is disabled, so no exporter is built and nothing connects anywhere.
 */
public class TracingConfigSourceFactory implements ConfigSourceFactory {

    static final String ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue endpoint = context.getValue(ENDPOINT_VARIABLE);
        boolean configured = endpoint != null && endpoint.getValue() != null && !endpoint.getValue().isBlank();
        Map<String, String> properties = configured
                ? Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.exporter.otlp.endpoint", endpoint.getValue())
                : Map.of("quarkus.otel.sdk.disabled", "true");
        return List.of(new PropertiesConfigSource(properties, "cutover-tracing", DatabaseConfigSourceFactory.ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(DatabaseConfigSourceFactory.ORDINAL);
    }
}
