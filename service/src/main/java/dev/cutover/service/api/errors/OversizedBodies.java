package dev.cutover.service.api.errors;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bodies over quarkus.http.limits.max-body-size are refused before the REST layer sees them, with an empty 413.
 * This answers them first, in FastAPI's shape, when the declared Content-Length already says so.
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
        router.errorHandler(413, ctx -> {
            if (!ctx.response().headWritten()) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(BODY);
            }
        });
    }

    private static boolean isOver(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
