package dev.cutover.service.api;

import dev.cutover.service.config.PrivateApi;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers every request under {@code /api/v1/private} with FastAPI's 404 while {@link PrivateApi} is off, before the
 * route is matched and its body read, so a closed private API looks exactly like one that does not exist.
 */
public class PrivateApiSwitch {

    @Inject
    PrivateApi privateApi;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> closeWhenOff(UriInfo uri) {
        String path = uri.getPath();
        boolean underPrivate = path.equals(PrivateApi.PREFIX) || path.startsWith(PrivateApi.PREFIX + "/");
        if (!underPrivate || privateApi.enabled()) {
            return Optional.empty();
        }
        return Optional.of(Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                .entity("{\"detail\":\"Not Found\"}").build());
    }
}
