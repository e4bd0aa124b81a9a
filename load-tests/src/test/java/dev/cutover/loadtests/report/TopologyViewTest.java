package dev.cutover.loadtests.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.loadtests.report.internal.RunData;
import dev.cutover.loadtests.report.internal.TopologyChart;
import dev.cutover.loadtests.report.internal.TopologyView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topology run of 60 s: load from t=2 s, the backfill from t=10 s to t=50 s, each of two instances restarted, the
 * replica's replay paused from t=12 s to t=30 s with the backfill throttled from t=15 s; each condition is shown to
 * fail when its evidence is taken away.
 */
class TopologyViewTest {

    @TempDir
    Path dir;

    @Test
    void aRunThatKeptEveryConditionPassesAndShowsEachInstance() throws Exception {
        TopologyView view = write(0, 0, true, true);
        assertThat(view.servers()).containsExactly("balancer", "instance0", "instance1");
        assertThat(view.during("balancer").responses()).isEqualTo(58 * 100);
        assertThat(view.lines()).allMatch(l -> l.startsWith("topology: PASS"), "every check passes").hasSize(5);
        assertThat(view.markdown(true)).contains("| instance0 | 2,900 | 0 | 0 | UP |")
                .contains("| the backfill paused while the replica's replay was paused, and went on after | yes | 0 rows");
        assertThat(TopologyChart.render("t", view)).contains("<polyline").contains("restart instance0")
                .contains("replica replay paused");
    }

    @Test
    void aFailedRequestAtTheBalancerFailsTheRun() throws Exception {
        assertThat(write(1, 0, true, true).lines())
                .contains("topology: FAIL no request failed at the load balancer: 5,800 responses, 1 5xx, 0 connection or"
                        + " response errors");
        assertThat(write(0, 2, true, true).lines()).anyMatch(l -> l.startsWith("topology: FAIL no request failed"));
    }

    @Test
    void rowsWrittenWhileReplayWasPausedMeanTheThrottleDidNotHold() throws Exception {
        assertThat(write(0, 0, false, true).lines()).anyMatch(l -> l.startsWith(
                "topology: FAIL the backfill paused while the replica's replay was paused"));
    }

    @Test
    void anInstanceNotRestartedUnderLoadFailsTheRun() throws Exception {
        assertThat(write(0, 0, true, false).lines())
                .contains("topology: FAIL every instance restarted under load, out of the balancer meanwhile: not restarted"
                        + " under load: instance1 never seen out of the balancer: instance1");
    }

    @Test
    void anInstanceThatStoppedListeningBeforeLeavingReadinessFailsTheRun() throws Exception {
        assertThat(write(0, 0, true, true, false).lines()).contains("topology: FAIL each instance left readiness before"
                + " it stopped listening: instance1 after 4.5 s: readiness gone and the API gone after SIGTERM");
    }

    /** Writes the run's files and reads them back as the report does. */
    private TopologyView write(long failed5xx, long connectionErrors, boolean throttleHeld, boolean restartBoth)
            throws Exception {
        return write(failed5xx, connectionErrors, throttleHeld, restartBoth, true);
    }

    private TopologyView write(long failed5xx, long connectionErrors, boolean throttleHeld, boolean restartBoth,
                               boolean readinessFirst) throws Exception {
        long t0 = 1_700_000_000_000L;
        List<String> balancer = new ArrayList<>(List.of("at_ms,server,responses,errors_5xx,errors_connection,status"));
        List<String> backfill = new ArrayList<>(List.of("at_ms,state,rows_done,replay_lag_s,throttle"));
        long rows = 0;
        for (int s = 0; s <= 60; s++) {
            long at = t0 + s * 1000L;
            long served = Math.max(0, s - 2) * 100L;
            balancer.add(at + ",balancer," + served + "," + (s == 60 ? failed5xx : 0) + ","
                    + (s == 60 ? connectionErrors : 0) + ",OPEN");
            balancer.add(at + ",instance0," + served / 2 + ",0,0," + (s >= 11 && s <= 18 ? "DOWN" : "UP"));
            balancer.add(at + ",instance1," + served / 2 + ",0,0," + (restartBoth && s >= 21 && s <= 27 ? "DOWN" : "UP"));
            boolean paused = s >= 15 && s <= 30 && throttleHeld;
            if (s >= 10 && s < 50 && !paused) {
                rows += 1_000;
            }
            String state = s < 10 ? "none" : s < 50 ? "running" : "completed";
            double lag = s >= 12 && s <= 30 ? s - 12 : 0;
            backfill.add(at + "," + state + "," + rows + "," + lag + "," + (paused ? "replication lag 5.0 s" : ""));
        }
        Files.write(dir.resolve("balancer.csv"), balancer);
        Files.write(dir.resolve("backfill.csv"), backfill);
        List<String> events = new ArrayList<>(List.of("at_ms,event,detail",
                (t0 + 2_000) + ",load_start,40 req/s",
                (t0 + 10_000) + ",backfill_start,by the service's workers",
                (t0 + 10_500) + ",instance_stop,instance0 (SIGTERM)",
                (t0 + 15_000) + ",instance_stopped,instance0 after 4.5 s: readiness 503 first while the API answered 200",
                (t0 + 18_000) + ",instance_ready,instance0 after 6.0 s",
                (t0 + 12_000) + ",replay_pause,the replica's WAL replay paused",
                (t0 + 15_000) + ",backfill_throttled,replication lag 3.0 s",
                (t0 + 30_000) + ",replay_resume,the replica replays again",
                (t0 + 50_000) + ",backfill_end,ok rows=38000",
                (t0 + 59_000) + ",load_stop,"));
        if (restartBoth) {
            events.add((t0 + 20_000) + ",instance_stop,instance1 (SIGTERM)");
            events.add((t0 + 24_500) + ",instance_stopped,instance1 after 4.5 s: " + (readinessFirst
                    ? "readiness 503 first while the API answered 200" : "readiness gone and the API gone after SIGTERM"));
            events.add((t0 + 27_000) + ",instance_ready,instance1 after 6.0 s");
        }
        Files.write(dir.resolve("events.csv"), events);
        Files.writeString(dir.resolve("requests.csv"), "start_ms,end_ms,request,ok\n" + (t0 + 2_000) + ","
                + (t0 + 2_010) + ",read me,1\n");
        return TopologyView.read(dir, RunData.read(dir)).orElseThrow();
    }
}
