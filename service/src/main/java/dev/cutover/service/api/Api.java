package dev.cutover.service.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlow;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlows;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API's root and its OpenAPI description; the password flow lets the Swagger UI at /docs log in. */
@OpenAPIDefinition(info = @Info(title = "Cutover", version = "0.1.0",
        description = "User API compatible with the FastAPI full-stack template, on PostgreSQL."))
@SecurityScheme(securitySchemeName = Api.SECURITY, type = SecuritySchemeType.OAUTH2,
        flows = @OAuthFlows(password = @OAuthFlow(tokenUrl = Api.PREFIX + "/login/access-token")))
public class Api extends Application {

    public static final String PREFIX = "/api/v1";
    /** The scheme name FastAPI gives {@code OAuth2PasswordBearer}, so generated clients keep their config. */
    public static final String SECURITY = "OAuth2PasswordBearer";
    /** The largest page {@code GET /users/} serves. */
    public static final int MAX_PAGE = 1000;
}
