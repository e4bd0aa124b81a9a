package dev.cutover.service.api.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cutover.service.db.DatabaseFailures;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into FastAPI's shapes: {@code {"detail": "..."}}, or 422 with a list of field errors. */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);
    static final String INVALID_TEXT = "Text cannot contain NUL (0x00) characters";
    static final String DATABASE_UNAVAILABLE = "Database unavailable, retry shortly";

    @ServerExceptionMapper
    public Response httpError(HttpError e) {
        Response.ResponseBuilder response = detail(e.status(), e.detail());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response requestValidation(RequestValidationError e) {
        return unprocessable(e.errors());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        return unprocessable(Violations.toFieldErrors(e.getConstraintViolations()));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
        return unprocessable(List.of(new FieldError("json_invalid", List.of("body", offset), "JSON decode error",
                Map.of(), Map.of("error", e.getOriginalMessage()))));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unprocessable(List.of(JsonTypeErrors.toFieldError(e)));
    }

    @ServerExceptionMapper
    public Response otherJsonMapping(JsonMappingException e) {
        return unprocessable(List.of(new FieldError("value_error", JsonTypeErrors.location(e),
                "Value error, " + e.getOriginalMessage(), null)));
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        return unprocessable(List.of(new FieldError("json_invalid", List.of("body"), "JSON decode error", Map.of(),
                Map.of("error", e.getOriginalMessage()))));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // The JSON reader reports unreadable bodies as a bare 400 with the Jackson error as the cause.
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedJson(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return otherJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return detail(500, "Internal Server Error").build();
        }
        Response.ResponseBuilder response = detail(status, reason(status));
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            response.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseFailures.isUnavailable(e)) {
            // Not the request's fault and not a bug: the pool reconnects by itself once the database is back.
            LOG.warnf("Database unavailable: %s", e.toString());
            return detail(503, DATABASE_UNAVAILABLE).header("Retry-After", "1").build();
        }
        if (DatabaseFailures.isInvalidText(e)) {
            // FastAPI accepts "\u0000" in a str and the template's database then fails with a 500; a 422 says why.
            return detail(422, INVALID_TEXT).build();
        }
        LOG.error("Request failed", e);
        return detail(500, "Internal Server Error").build();
    }

    static Response.ResponseBuilder detail(int status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("detail", detail));
    }

    private static Response unprocessable(List<FieldError> errors) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("detail", errors)).build();
    }

    private static String reason(int status) {
        return switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known == null ? "Error" : known.getReasonPhrase();
            }
        };
    }
}
