package dev.cutover.service.api.errors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Bean Validation violations on request bodies, reworded as pydantic errors with {@code loc} in snake case. */
final class Violations {

    private Violations() {
    }

    static List<FieldError> toFieldErrors(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .sorted(Comparator.comparingInt(Violations::declarationOrder)
                        .thenComparing(v -> v.getPropertyPath().toString()))
                .map(Violations::toFieldError)
                .toList();
    }

    private static FieldError toFieldError(ConstraintViolation<?> v) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                loc.add(JsonTypeErrors.snakeCase(node.getName()));
            }
        }
        Annotation constraint = v.getConstraintDescriptor().getAnnotation();
        Object input = v.getInvalidValue();
        if (constraint instanceof NotNull) {
            return FieldError.missing(loc, null);
        }
        if (constraint instanceof Size size && input instanceof CharSequence text) {
            if (text.length() < size.min()) {
                return new FieldError("string_too_short", loc,
                        "String should have at least " + characters(size.min()), input,
                        Map.of("min_length", size.min()));
            }
            return new FieldError("string_too_long", loc,
                    "String should have at most " + characters(size.max()), input,
                    Map.of("max_length", size.max()));
        }
        if (constraint instanceof Max max) {
            return new FieldError("less_than_equal", loc, "Input should be less than or equal to " + max.value(),
                    input, Map.of("le", max.value()));
        }
        if (constraint instanceof Min min) {
            return new FieldError("greater_than_equal", loc,
                    "Input should be greater than or equal to " + min.value(), input, Map.of("ge", min.value()));
        }
        return new FieldError("value_error", loc, v.getMessage(), input);
    }

    /** Pydantic's wording: "1 character", "8 characters". */
    private static String characters(int n) {
        return n + (n == 1 ? " character" : " characters");
    }

    /** Pydantic lists errors in the order the model declares its fields; records keep that order. */
    private static int declarationOrder(ConstraintViolation<?> v) {
        Object leaf = v.getLeafBean();
        if (leaf == null || !leaf.getClass().isRecord()) {
            return -1;
        }
        String property = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                property = node.getName();
            }
        }
        RecordComponent[] components = leaf.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(property)) {
                return i;
            }
        }
        return components.length;
    }
}
