package dev.cutover.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The private API follows FASTAPI_ENV as the template does, and the prod profile overrules it. */
class PrivateApiSwitchTest {

    @Test
    void onlyDevelopmentOutsideProd() {
        assertThat(PrivateApi.enabled("development", false)).isTrue();
        assertThat(PrivateApi.enabled("development", true)).isFalse();
        assertThat(PrivateApi.enabled(null, false)).isFalse();
        assertThat(PrivateApi.enabled("production", false)).isFalse();
    }
}
