package dev.cutover.service.api;

import dev.cutover.service.api.errors.FieldError;
import dev.cutover.service.api.errors.RequestValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Parses path and query parameters by hand so a bad one is a 422 naming it, as in FastAPI, and not the 404 that
 * JAX-RS gives for a parameter it cannot convert. Collects every error, then {@link #check()} throws them at once.
 */
final class Params {

    private final List<FieldError> errors = new ArrayList<>();

    UUID pathUuid(String name, String raw) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        errors.add(new FieldError("uuid_parsing", List.of("path", name),
                "Input should be a valid UUID, unable to parse string as a UUID", raw));
        return null;
    }

    int queryInt(String name, String raw, int defaultValue, int min, int max) {
        if (raw == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldError("int_parsing", List.of("query", name),
                    "Input should be a valid integer, unable to parse string as an integer", raw));
            return defaultValue;
        }
        if (value < min) {
            errors.add(new FieldError("greater_than_equal", List.of("query", name),
                    "Input should be greater than or equal to " + min, raw, Map.of("ge", min)));
        } else if (value > max) {
            errors.add(new FieldError("less_than_equal", List.of("query", name),
                    "Input should be less than or equal to " + max, raw, Map.of("le", max)));
        }
        return value;
    }

    void invalid(FieldError error) {
        errors.add(error);
    }

    void check() {
        if (!errors.isEmpty()) {
            throw new RequestValidationError(errors);
        }
    }
}
