package dev.cutover.bench.floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The one endpoint of the start-up floor: Quarkus REST is started, as in the service. */
@Path("/ping")
public class PingResource {

    @GET
    public String ping() {
        return "pong";
    }
}
