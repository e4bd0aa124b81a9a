package dev.cutover.loadtests.report.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topology's chart: responses per second at the load balancer and at each instance, each instance's restart
 * marked where it was sent SIGTERM, the replica's replay pause shaded, and the backfill's progress as a share of its
 * rows (right axis).
 */
public final class TopologyChart {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 60;
    private static final int TOP = 60;
    private static final int PLOT = 300;
    private static final String[] COLORS = {"#222222", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf"};

    private final StringBuilder svg = new StringBuilder();
    private final long origin;
    private final double span;

    private TopologyChart(long origin, long end) {
        this.origin = origin;
        this.span = Math.max(1, end - origin);
    }

    public static String render(String title, TopologyView view) {
        // From the load's start: the capacity measurement before it is another run's.
        long origin = Math.max(view.counters().stream().mapToLong(TopologyView.Counter::at).min().orElse(0),
                view.first("load_start").orElse(0L));
        long end = view.counters().stream().mapToLong(TopologyView.Counter::at).max().orElse(origin + 1);
        return new TopologyChart(origin, end).draw(title, view);
    }

    private String draw(String title, TopologyView view) {
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                + "<text x=\"%d\" y=\"24\" font-size=\"16\">%s: responses/s at the load balancer and per instance</text>%n",
                WIDTH, HEIGHT, LEFT, escape(title)));
        Map<String, List<long[]>> rates = view.rates();
        long peak = Math.max(1, rates.values().stream().flatMap(List::stream).filter(p -> p[0] > origin + 1_000)
                .mapToLong(p -> p[1]).max().orElse(1));
        view.first("replay_pause").ifPresent(pause -> {
            long resume = view.first("replay_resume").orElse(origin + (long) span);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#ffe9b3\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" fill=\"#a06000\">replica replay paused</text>%n", x(pause), TOP,
                    Math.max(1, x(resume) - x(pause)), PLOT, x(pause) + 3, TOP + 14));
        });
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", LEFT, TOP, WIDTH - LEFT - RIGHT, PLOT));
        for (int i = 0; i <= 4; i++) {
            long value = peak * i / 4;
            double y = TOP + PLOT - PLOT * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,d</text>"
                    + "<text x=\"%d\" y=\"%.1f\" fill=\"#d62728\">%d%%</text>%n", LEFT - 6, y + 4, value,
                    WIDTH - RIGHT + 6, y + 4, 25 * i));
        }
        int color = 0;
        int legend = 0;
        for (Map.Entry<String, List<long[]>> server : rates.entrySet()) {
            String stroke = COLORS[color++ % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (long[] p : server.getValue()) {
                if (p[0] <= origin + 1_000) {
                    continue; // its second began before the load
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0]), TOP + PLOT - PLOT * (double) p[1] / peak));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" "
                    + "points=\"%s\"/>%n<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", stroke,
                    server.getKey().equals(TopologyView.BALANCER) ? "2" : "1.2", points.toString().trim(),
                    LEFT + legend * 130, TOP + PLOT + 40, stroke, escape(server.getKey())));
            legend++;
        }
        long rows = Math.max(1, view.backfill().stream().mapToLong(TopologyView.BackfillSample::rowsDone).max().orElse(1));
        StringBuilder progress = new StringBuilder();
        for (TopologyView.BackfillSample s : view.backfill()) {
            if (s.at() >= origin) {
                progress.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(s.at()), TOP + PLOT - PLOT * (double) s.rowsDone()
                        / rows));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"#d62728\" stroke-dasharray=\"6,3\" "
                + "points=\"%s\"/>%n<text x=\"%d\" y=\"%d\" fill=\"#d62728\">backfill rows done (right axis)</text>%n",
                progress.toString().trim(), LEFT + legend * 130, TOP + PLOT + 40));
        int restart = 0;
        for (RunData.Event e : view.events()) {
            if (e.name().equals("instance_stop") && e.at() >= origin) {
                // Labels on staggered rows: restarts follow each other closely.
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ff7f0e\" "
                        + "stroke-dasharray=\"3,3\"/><text x=\"%.1f\" y=\"%d\" fill=\"#ff7f0e\">restart %s</text>%n", x(e.at()),
                        x(e.at()), TOP, TOP + PLOT, x(e.at()) + 2, TOP + 32 + 14 * (restart++ % 3),
                        escape(e.detail().split(" ")[0])));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.0f s</text>%n</svg>%n", WIDTH - RIGHT - 30,
                TOP + PLOT + 16, span / 1000));
        return svg.toString();
    }

    private double x(long at) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.max(0, Math.min(1, (at - origin) / span));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
