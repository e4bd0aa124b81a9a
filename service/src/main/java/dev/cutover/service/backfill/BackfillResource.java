package dev.cutover.service.backfill;

import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.Backfills;
import dev.cutover.service.api.Api;
import dev.cutover.service.api.errors.HttpError;
import dev.cutover.service.auth.RequiresSuperuser;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The admin endpoints of the backfills (superuser only): list, show, start, pause, resume, cancel. Starting only
 * marks a job runnable; the workers (of any instance with {@code cutover.backfill.enabled}) run it. JDBC, so every
 * method runs on a worker thread.
 */
@Path(Api.PREFIX + "/backfills")
@Tag(name = "backfills")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BackfillResource {

    static final String NOT_FOUND = "Backfill not found";

    @Inject
    BackfillDatabase database;
    @Inject
    BackfillSettings settings;

    @GET
    @Path("/")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "backfills-list_backfills", summary = "List Backfills")
    public List<BackfillView> list() throws SQLException {
        Map<String, BackfillStatus> jobs = jobs().list().stream()
                .collect(Collectors.toMap(BackfillStatus::name, Function.identity()));
        return Backfills.all().stream()
                .map(b -> BackfillView.of(b, Optional.ofNullable(jobs.get(b.name()))))
                .toList();
    }

    @GET
    @Path("/{name}")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "backfills-read_backfill", summary = "Read Backfill")
    public BackfillView read(@PathParam("name") String name) throws SQLException {
        Backfill backfill = known(name);
        return BackfillView.of(backfill, jobs().get(name));
    }

    @POST
    @Path("/{name}/start")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "backfills-start_backfill", summary = "Start Backfill",
            description = "Marks the backfill runnable (or resumes it from its cursor); the service's workers run it.")
    public BackfillView start(@PathParam("name") String name) throws SQLException {
        Backfill backfill = known(name);
        return BackfillView.of(backfill, Optional.of(jobs().start(backfill, settings.options())));
    }

    @POST
    @Path("/{name}/pause")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "backfills-pause_backfill", summary = "Pause Backfill")
    public BackfillView pause(@PathParam("name") String name) throws SQLException {
        return move(name, BackfillJobs::pause);
    }

    @POST
    @Path("/{name}/resume")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "backfills-resume_backfill", summary = "Resume Backfill")
    public BackfillView resume(@PathParam("name") String name) throws SQLException {
        return move(name, BackfillJobs::resume);
    }

    @POST
    @Path("/{name}/cancel")
    @RequiresSuperuser
    @SecurityRequirement(name = Api.SECURITY)
    @Operation(operationId = "backfills-cancel_backfill", summary = "Cancel Backfill")
    public BackfillView cancel(@PathParam("name") String name) throws SQLException {
        return move(name, BackfillJobs::cancel);
    }

    /** A state change the job's current state does not allow is 409 with the reason. */
    private BackfillView move(String name, Transition transition) throws SQLException {
        Backfill backfill = known(name);
        try {
            return BackfillView.of(backfill, Optional.of(transition.apply(jobs(), name)));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw HttpError.conflict(e.getMessage());
        }
    }

    private static Backfill known(String name) {
        return Backfills.find(name).orElseThrow(() -> HttpError.notFound(NOT_FOUND));
    }

    private BackfillJobs jobs() {
        return new BackfillJobs(database);
    }

    @FunctionalInterface
    private interface Transition {
        BackfillStatus apply(BackfillJobs jobs, String name) throws SQLException;
    }
}
