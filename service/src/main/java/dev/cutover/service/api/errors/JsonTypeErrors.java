package dev.cutover.service.api.errors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** JSON whose shape or types do not fit the request model, reworded as the pydantic error FastAPI would send. */
final class JsonTypeErrors {

    private JsonTypeErrors() {
    }

    static FieldError toFieldError(MismatchedInputException e) {
        List<Object> loc = location(e);
        Object input = e instanceof InvalidFormatException invalid ? invalid.getValue() : null;
        Class<?> target = e.getTargetType();
        if (target == null || loc.size() == 1 && target.isRecord()) {
            return new FieldError("model_attributes_type", loc,
                    "Input should be a valid dictionary or object to extract fields from", input);
        }
        if (target == String.class || target == Optional.class) {
            return new FieldError("string_type", loc, "Input should be a valid string", input);
        }
        if (target == Boolean.class || target == boolean.class) {
            return new FieldError("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input",
                    input);
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return new FieldError("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer",
                    input);
        }
        if (target == UUID.class) {
            return new FieldError("uuid_parsing", loc, "Input should be a valid UUID", input);
        }
        return new FieldError("value_error", loc, "Input should be a valid " + target.getSimpleName(), input);
    }

    static List<Object> location(JsonMappingException e) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                loc.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                loc.add(ref.getIndex());
            }
        }
        return loc;
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
