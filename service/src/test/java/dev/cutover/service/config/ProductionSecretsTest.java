package dev.cutover.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProductionSecretsTest {

    @Test
    void refusesTheTemplatesDefaultNamingTheVariable() {
        assertThat(ProductionSecrets.refusal("SECRET_KEY", "changethis"))
                .hasValue("The value of SECRET_KEY is \"changethis\", for security, please change it");
    }

    @Test
    void refusesShippedValuesEvenWhenLongEnough() {
        assertThat(ProductionSecrets.refusal("SECRET_KEY", "local-staging-only-0123456789abcdef"))
                .hasValueSatisfying(r -> assertThat(r).contains("SECRET_KEY").contains("ships")
                        .doesNotContain("local-staging"));
    }

    @Test
    void refusesAnythingShorterThan32Bytes() {
        assertThat(ProductionSecrets.refusal("FIRST_SUPERUSER_PASSWORD", "a".repeat(31)))
                .hasValueSatisfying(r -> assertThat(r).contains("FIRST_SUPERUSER_PASSWORD").contains("32 bytes"));
        // Bytes, not characters: 16 two-byte characters are 32 bytes.
        assertThat(ProductionSecrets.refusal("SECRET_KEY", "é".repeat(16))).isEmpty();
        assertThat(ProductionSecrets.refusal("SECRET_KEY", "a".repeat(32))).isEmpty();
    }

    /** Whatever compose falls back to, or the docs suggest, is in the list: a copied default never reaches production. */
    @Test
    void everySecretTheComposeFileCouldFallBackToIsRefused() throws Exception {
        String compose = Files.readString(Path.of("../infra/compose/compose.yaml"));
        Matcher fallback = Pattern.compile("\\$\\{[A-Z_]*(PASSWORD|SECRET_KEY)[A-Z_]*:-([^}]*)}").matcher(compose);
        while (fallback.find()) {
            assertThat(ProductionSecrets.refusal("X", fallback.group(2))).as(fallback.group()).isPresent();
        }
    }
}
