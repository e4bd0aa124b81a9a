package dev.cutover.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** BACKEND_CORS_ORIGINS read as the template's settings read it, FRONTEND_HOST added. */
class CorsConfigSourceFactoryTest {

    @Test
    void commaListJsonListTrailingSlashesAndTheFrontendHost() {
        assertThat(CorsConfigSourceFactory.origins("http://localhost, https://a.example.com/ ,", "https://app.example.com"))
                .containsExactly("http://localhost", "https://a.example.com", "https://app.example.com");
        assertThat(CorsConfigSourceFactory.origins("[\"https://a.example.com/\",\"https://b.example.com\"]", null))
                .containsExactly("https://a.example.com", "https://b.example.com", "http://localhost:5173");
        assertThat(CorsConfigSourceFactory.origins(null, "https://app.example.com/"))
                .containsExactly("https://app.example.com");
        assertThat(CorsConfigSourceFactory.origins("https://app.example.com", "https://app.example.com"))
                .containsExactly("https://app.example.com");
    }
}
