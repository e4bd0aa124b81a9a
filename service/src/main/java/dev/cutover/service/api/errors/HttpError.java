package dev.cutover.service.api.errors;

import java.util.Map;

/** An error the API answers with {@code {"detail": "..."}}, like FastAPI's HTTPException. */
public class HttpError extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    public HttpError(int status, String detail) {
        this(status, detail, Map.of());
    }

    public HttpError(int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static HttpError badRequest(String detail) {
        return new HttpError(400, detail);
    }

    public static HttpError forbidden(String detail) {
        return new HttpError(403, detail);
    }

    public static HttpError notFound(String detail) {
        return new HttpError(404, detail);
    }

    public static HttpError conflict(String detail) {
        return new HttpError(409, detail);
    }
}
