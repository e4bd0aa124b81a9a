package dev.cutover.service.api.errors;

import java.util.List;

/** Input that does not fit the request model; answered with 422 and a pydantic-shaped list, like FastAPI. */
public class RequestValidationError extends RuntimeException {

    private final List<FieldError> errors;

    public RequestValidationError(List<FieldError> errors) {
        super(errors.isEmpty() ? "validation failed" : errors.get(0).msg(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public RequestValidationError(FieldError error) {
        this(List.of(error));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
