package dev.cutover.service.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Why a secret must not reach production: a value the template or this repository ships (compose defaults, examples,
 * docs) is public, and one shorter than {@value #MIN_BYTES} bytes is guessable offline from any token it signed.
 */
public final class ProductionSecrets {

    /** HS256 wants a key at least as long as its hash (RFC 7518, 3.2); the same floor holds for the passwords here. */
    public static final int MIN_BYTES = 32;

    /**
     * Every secret value the template and this repository have shipped as a default or an example: compose's
     * (SECRET_KEY, FIRST_SUPERUSER_PASSWORD, the database roles' and PostgreSQL's passwords, Grafana's), the template's
     * {@code changethis}, and the bench and test values that a copied command line could carry.
     */
    static final Set<String> SHIPPED = Set.of(
            ServiceConfig.UNSAFE_DEFAULT,
            "local-staging-only-0123456789abcdef", "local-staging-only",
            "postgres", "app", "migrator", "readonly", "monitor",
            "bench-password-1", "password123", "secret", "password");

    private ProductionSecrets() {
    }

    /** The refusal for {@code value} of the setting {@code variable}, naming the variable and never the value. */
    public static Optional<String> refusal(String variable, String value) {
        if (value == null) {
            return Optional.of(variable + " is not set, for security, please set it");
        }
        if (SHIPPED.contains(value)) {
            String shown = ServiceConfig.UNSAFE_DEFAULT.equals(value) ? "\"changethis\"" : "a value this repository ships";
            return Optional.of("The value of " + variable + " is " + shown + ", for security, please change it");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            return Optional.of("The value of " + variable + " is shorter than " + MIN_BYTES
                    + " bytes, for security, please use a longer one (e.g. openssl rand -hex 32)");
        }
        return Optional.empty();
    }
}
