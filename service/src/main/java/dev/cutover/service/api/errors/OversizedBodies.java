package dev.cutover.service.api.errors;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bodies over quarkus.http.limits.max-body-size are refused before the REST layer sees them, with an empty 413.
 * This answers them first, in FastAPI's shape, when the declared Content-Length already says so, and answers the
 * limits the body parsers enforce in the same shape.
 */
@ApplicationScoped
public class OversizedBodies {

    private static final String BODY = "{\"detail\":\"Request Entity Too Large\"}";

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String declared = ctx.request().getHeader("Content-Length");
            if (declared != null && isOver(declared, limit)) {
                HttpServerResponse response = ctx.response();
                response.setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close").end(BODY);
                return;
            }
            ctx.next();
        });
        // A limit the body parsers enforce themselves (a form field over max-form-attribute-size, too many fields)
        // fails the route with its 4xx outside the REST layer's mappers: answered here in FastAPI's shape, not as 500.
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            int status = clientErrorOf(ctx.failure());
            if (status == 0 || ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(status == 413 ? BODY : "{\"detail\":\"Bad Request\"}");
        });
        router.errorHandler(413, ctx -> {
            if (!ctx.response().headWritten()) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(BODY);
            }
        });
    }

    /** The 4xx a parser failed the request with, or 0 when the failure is something else. */
    private static int clientErrorOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof jakarta.ws.rs.WebApplicationException web) {
                int status = web.getResponse().getStatus();
                return status >= 400 && status < 500 ? status : 0;
            }
        }
        return 0;
    }

    private static boolean isOver(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
