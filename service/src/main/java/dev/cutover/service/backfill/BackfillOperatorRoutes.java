package dev.cutover.service.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.migrations.backfill.Backfill;
import dev.cutover.migrations.backfill.BackfillJobs;
import dev.cutover.migrations.backfill.BackfillStatus;
import dev.cutover.migrations.backfill.Backfills;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The operator's control of the backfills (list, show, start, pause, resume, cancel) on the management port only,
 * beside {@code /q/health} and {@code /q/metrics}: whoever reaches that port operates the service, and no account of
 * the user API (superusers included) can reach these through the API port.
 */
@ApplicationScoped
public class BackfillOperatorRoutes {

    /** Where the routes live on the management port. */
    public static final String ROOT = "/q/backfills";
    static final String NOT_FOUND = "Backfill not found";
    private static final Logger LOG = Logger.getLogger(BackfillOperatorRoutes.class);

    @Inject
    BackfillDatabase database;
    @Inject
    BackfillWorkerSetup setup;
    @Inject
    ObjectMapper json;

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        // JDBC: every handler runs on a worker thread, never on the event loop (ordered=false: requests run in parallel).
        router.get(ROOT).blockingHandler(rc -> answer(rc, this::list), false);
        router.get(ROOT + "/").blockingHandler(rc -> answer(rc, this::list), false);
        router.get(ROOT + "/:name").blockingHandler(rc -> answer(rc, () -> read(rc.pathParam("name"))), false);
        router.post(ROOT + "/:name/start").blockingHandler(rc -> answer(rc, () -> start(rc.pathParam("name"))), false);
        router.post(ROOT + "/:name/pause").blockingHandler(
                rc -> answer(rc, () -> move(rc.pathParam("name"), BackfillJobs::pause)), false);
        router.post(ROOT + "/:name/resume").blockingHandler(
                rc -> answer(rc, () -> move(rc.pathParam("name"), BackfillJobs::resume)), false);
        router.post(ROOT + "/:name/cancel").blockingHandler(
                rc -> answer(rc, () -> move(rc.pathParam("name"), BackfillJobs::cancel)), false);
    }

    private Object list() throws SQLException {
        Map<String, BackfillStatus> jobs = jobs().list().stream()
                .collect(Collectors.toMap(BackfillStatus::name, Function.identity()));
        return Backfills.all().stream()
                .map(b -> BackfillView.of(b, Optional.ofNullable(jobs.get(b.name()))))
                .toList();
    }

    private Object read(String name) throws SQLException {
        Backfill backfill = known(name);
        return BackfillView.of(backfill, jobs().get(name));
    }

    private Object start(String name) throws SQLException {
        Backfill backfill = known(name);
        return BackfillView.of(backfill, Optional.of(jobs().start(backfill, setup.options())));
    }

    /** A state change the job's current state does not allow is 409 with the reason. */
    private Object move(String name, Transition transition) throws SQLException {
        Backfill backfill = known(name);
        try {
            return BackfillView.of(backfill, Optional.of(transition.apply(jobs(), name)));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new Refusal(409, e.getMessage());
        }
    }

    private static Backfill known(String name) {
        return Backfills.find(name).orElseThrow(() -> new Refusal(404, NOT_FOUND));
    }

    private BackfillJobs jobs() {
        return new BackfillJobs(database);
    }

    /** Writes the handler's result as JSON, a refusal as {@code {"detail": ...}}, any other failure as a bare 500. */
    private void answer(RoutingContext rc, Action action) {
        int status = 200;
        Object body;
        try {
            body = action.run();
        } catch (Refusal r) {
            status = r.status;
            body = Map.of("detail", r.getMessage());
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(e, "Backfill operator request %s %s failed", rc.request().method(), rc.normalizedPath());
            status = 500;
            body = Map.of("detail", "Internal Server Error");
        }
        try {
            rc.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }

    @FunctionalInterface
    private interface Action {
        Object run() throws SQLException;
    }

    @FunctionalInterface
    private interface Transition {
        BackfillStatus apply(BackfillJobs jobs, String name) throws SQLException;
    }

    /** A refused operator request: its status and the reason, without a stack. */
    private static final class Refusal extends RuntimeException {
        private final int status;

        Refusal(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }
    }
}
