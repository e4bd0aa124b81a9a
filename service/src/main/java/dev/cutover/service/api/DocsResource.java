package dev.cutover.service.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** ReDoc at /redoc, as FastAPI serves it; the script comes from the redoc webjar, so no CDN is needed. */
@Path("/redoc")
public class DocsResource {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html>
            <head>
              <title>Cutover - ReDoc</title>
              <meta charset="utf-8"/>
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <style>body { margin: 0; padding: 0; }</style>
            </head>
            <body>
              <redoc spec-url="%s/openapi.json"></redoc>
              <script src="/webjars/redoc/2.1.4/bundles/redoc.standalone.js"></script>
            </body>
            </html>
            """.formatted(Api.PREFIX);

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String redoc() {
        return PAGE;
    }
}
