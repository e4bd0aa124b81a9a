package dev.cutover.service.api.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** One entry of a 422 body, shaped like a pydantic v2 error: where, what kind, a message and the input. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String type, List<Object> loc, String msg, Object input, Map<String, Object> ctx) {

    public FieldError(String type, List<Object> loc, String msg, Object input) {
        this(type, loc, msg, input, null);
    }

    public static FieldError missing(List<Object> loc, Object input) {
        return new FieldError("missing", loc, "Field required", input);
    }
}
