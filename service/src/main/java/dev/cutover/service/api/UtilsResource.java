package dev.cutover.service.api;

import dev.cutover.service.api.errors.EmailValidator;
import dev.cutover.service.api.errors.FieldError;
import dev.cutover.service.api.model.Message;
import dev.cutover.service.auth.RequiresSuperuser;
import dev.cutover.service.mail.RecoveryMail;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path(Api.PREFIX + "/utils")
@Tag(name = "utils")
@Produces(MediaType.APPLICATION_JSON)
public class UtilsResource {

    @Inject
    RecoveryMail mail;

    @POST
    @Path("/test-email/")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "utils-test_email", summary = "Test Email", description = "Test emails.")
    public Response testEmail(@QueryParam("email_to") String emailTo) {
        Params params = new Params();
        if (emailTo == null) {
            params.invalid(FieldError.missing(List.of("query", "email_to"), null));
        } else {
            String reason = EmailValidator.reason(emailTo);
            if (reason != null) {
                params.invalid(new FieldError("value_error", List.of("query", "email_to"),
                        "value is not a valid email address: " + reason, emailTo));
            }
        }
        params.check();
        mail.sendTest(emailTo);
        return Response.status(201).entity(new Message("Test email sent")).build();
    }

    @GET
    @Path("/health-check/")
    @Operation(operationId = "utils-health_check", summary = "Health Check")
    public boolean healthCheck() {
        return true;
    }
}
