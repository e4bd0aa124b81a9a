package dev.cutover.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DATABASE_URL decides the credentials, whatever a build recorded as the jar's defaults. */
class DatabaseConfigSourceFactoryTest {

    /** What a build run with the template's .env in its environment records: its URL's password, as a default. */
    private static final Map<String, String> RECORDED = Map.of("quarkus.datasource.username", "postgres",
            "quarkus.datasource.password", "changethis");

    @Test
    void aUrlWithoutPasswordLeavesNoRecordedPasswordInPlace() {
        SmallRyeConfig config = config("postgresql://cutover@db.internal:5432/cutover");
        assertThat(config.getValue("quarkus.datasource.reactive.url", String.class))
                .isEqualTo("postgresql://db.internal:5432/cutover");
        assertThat(config.getOptionalValue("quarkus.datasource.username", String.class)).contains("cutover");
        assertThat(config.getOptionalValue("quarkus.datasource.password", String.class)).isEmpty();
    }

    @Test
    void aUrlWithoutUserOrPasswordLeavesNeither() {
        SmallRyeConfig config = config("postgresql://127.0.0.1:5432/app");
        assertThat(config.getOptionalValue("quarkus.datasource.username", String.class)).isEmpty();
        assertThat(config.getOptionalValue("quarkus.datasource.password", String.class)).isEmpty();
    }

    @Test
    void theUrlsOwnCredentialsWin() {
        SmallRyeConfig config = config("postgresql://app:s3cret-enough@db:5432/app");
        assertThat(config.getOptionalValue("quarkus.datasource.username", String.class)).contains("app");
        assertThat(config.getOptionalValue("quarkus.datasource.password", String.class)).contains("s3cret-enough");
    }

    @Test
    void behindATransactionPoolerNothingIsPreparedByName() {
        SmallRyeConfig pooled = config(Map.of("DATABASE_URL", "postgresql://app@pgbouncer:6432/app",
                "DATABASE_POOLER", "transaction"));
        assertThat(pooled.getValue(DatabaseConfigSourceFactory.LAYER7_PROXY, Boolean.class)).isTrue();
        assertThat(pooled.getValue("quarkus.datasource.reactive.cache-prepared-statements", Boolean.class)).isFalse();

        SmallRyeConfig direct = config("postgresql://app@db:5432/app");
        assertThat(direct.getOptionalValue(DatabaseConfigSourceFactory.LAYER7_PROXY, Boolean.class)).isEmpty();
    }

    private static SmallRyeConfig config(String databaseUrl) {
        return config(Map.of("DATABASE_URL", databaseUrl));
    }

    private static SmallRyeConfig config(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new PropertiesConfigSource(RECORDED, "recorded at build time", Integer.MIN_VALUE + 100))
                .withSources(new DatabaseConfigSourceFactory())
                .build();
    }
}
