package dev.cutover.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrivateApiSwitchTest {

    @Test
    void onlyFastapiEnvDevelopmentOpensIt() {
        assertThat(PrivateApi.enabled(Optional.of("development"))).isTrue();
        assertThat(PrivateApi.enabled(Optional.empty())).isFalse();
        assertThat(PrivateApi.enabled(Optional.of("production"))).isFalse();
        assertThat(PrivateApi.enabled(Optional.of("Development"))).isFalse();
    }
}
