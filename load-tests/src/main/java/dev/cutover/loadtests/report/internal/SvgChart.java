package dev.cutover.loadtests.report.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The rehearsal as one SVG picture: request latency (p50, p99, max per second, log scale) above, throughput and
 * sessions waiting on locks below, with the blocker and backfill windows shaded and migration steps marked. In a
 * takeover the old service's traffic (pgbench) is drawn beside Cutover's, its p99 and max dashed.
 */
public final class SvgChart {

    private static final int WIDTH = 1100;
    private static final int LEFT = 70;
    private static final int RIGHT = 60;
    private static final int LAT_TOP = 80;
    private static final int LAT_HEIGHT = 260;
    private static final int TPUT_TOP = 390;
    private static final int TPUT_HEIGHT = 150;
    private static final int HEIGHT = 620;

    private static final String DASHED = "stroke-dasharray=\"6,3\"";

    private final StringBuilder svg = new StringBuilder();
    private final PerSecond series;
    private final PerSecond old;
    private final double span;

    private SvgChart(PerSecond series, PerSecond old) {
        this.series = series;
        this.old = old;
        this.span = Math.max(1, series.seconds().size());
    }

    public static String render(String title, RunData data) {
        return new SvgChart(PerSecond.of(data), data.oldService().isEmpty() ? null
                : PerSecond.of(data, data.oldService())).draw(title, data);
    }

    private String draw(String title, RunData data) {
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(LEFT, 24, escape(title), "font-size=\"16\" font-weight=\"bold\"");
        windows(data);
        latencyPanel();
        throughputPanel(data);
        markers(data);
        legend();
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void windows(RunData data) {
        window(data, "blocker", "#d62728", "blocker transaction");
        window(data, "backfill", "#1f77b4", "backfill");
        window(data, "migration", "#7f7f7f", "migrations");
    }

    private void window(RunData data, String name, String color, String label) {
        var start = data.first(name + "_start");
        if (start.isEmpty()) {
            return;
        }
        double from = x(series.at(start.get().at()));
        double to = x(data.last(name + "_end").map(e -> series.at(e.at())).orElse(span));
        int row = switch (name) {
            case "blocker" -> 0;
            case "backfill" -> 1;
            default -> 2;
        };
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                + "fill-opacity=\"0.08\"/>%n", from, LAT_TOP, Math.max(1, to - from), TPUT_TOP + TPUT_HEIGHT - LAT_TOP,
                color));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"5\" fill=\"%s\"/>%n",
                from, 32 + row * 7, Math.max(1, to - from), color));
        text(from + 2, TPUT_TOP + TPUT_HEIGHT + 28 + row * 14, label, "fill=\"" + color + "\"");
    }

    private void latencyPanel() {
        long top = 1000;
        for (PerSecond.Second s : seconds()) {
            while (s.max() > top) {
                top *= 10;
            }
        }
        double decades = Math.log10(top);
        frame(LAT_TOP, LAT_HEIGHT, "latency (log scale), by second the request started");
        for (long v = 1; v <= top; v *= 10) {
            double y = LAT_TOP + LAT_HEIGHT * (1 - Math.log10(v) / decades);
            gridLine(y, v >= 1000 ? (v / 1000) + " s" : v + " ms");
        }
        ToDoubleFunction<Long> scale = v -> LAT_TOP + LAT_HEIGHT * (1 - Math.log10(Math.max(1, v)) / decades);
        line(series, PerSecond.Second::p50, scale, "#2ca02c", "");
        line(series, PerSecond.Second::p99, scale, "#ff7f0e", "");
        line(series, PerSecond.Second::max, scale, "#d62728", "");
        if (old != null) {
            line(old, PerSecond.Second::p99, scale, "#17becf", DASHED);
            line(old, PerSecond.Second::max, scale, "#e377c2", DASHED);
        }
    }

    /** Every second of every source drawn, for the axes' ranges. */
    private List<PerSecond.Second> seconds() {
        return old == null ? series.seconds()
                : java.util.stream.Stream.concat(series.seconds().stream(), old.seconds().stream()).toList();
    }

    private void throughputPanel(RunData data) {
        int peak = 1;
        for (PerSecond.Second s : seconds()) {
            peak = Math.max(peak, s.completed() + s.failed());
        }
        int waitPeak = Math.max(1, data.locks().stream().mapToInt(RunData.LockSample::waiting).max().orElse(1));
        frame(TPUT_TOP, TPUT_HEIGHT, "responses per second, and sessions waiting on locks (right axis)");
        int step = niceStep(peak);
        for (int v = 0; v <= peak; v += step) {
            gridLine(TPUT_TOP + TPUT_HEIGHT * (1 - (double) v / peak), v + "/s");
        }
        text(WIDTH - RIGHT + 6, TPUT_TOP + 10, String.valueOf(waitPeak), "fill=\"#9467bd\"");
        text(WIDTH - RIGHT + 6, TPUT_TOP + TPUT_HEIGHT, "0", "fill=\"#9467bd\"");
        final int max = peak;
        for (PerSecond.Second s : seconds()) {
            if (s.failed() > 0) {
                double h = TPUT_HEIGHT * (double) s.failed() / max;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"#d62728\"/>%n", x(s.index()), TPUT_TOP + TPUT_HEIGHT - h, Math.max(1, x(1) - x(0)), h));
            }
        }
        line(series, s -> (long) s.completed(), v -> TPUT_TOP + TPUT_HEIGHT * (1 - (double) v / max), "#1f77b4", "");
        if (old != null) {
            line(old, s -> (long) s.completed(), v -> TPUT_TOP + TPUT_HEIGHT * (1 - (double) v / max), "#bcbd22",
                    DASHED);
        }
        StringBuilder path = new StringBuilder();
        for (RunData.LockSample sample : data.locks()) {
            path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                    x(series.at(sample.at())), TPUT_TOP + TPUT_HEIGHT * (1 - (double) sample.waiting() / waitPeak)));
        }
        if (path.length() > 0) {
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#9467bd\" stroke-width=\"1.5\"/>\n");
        }
    }

    /** Migration steps as dashed lines; seconds in which a migration waited for its lock as ticks (its attempts). */
    private void markers(RunData data) {
        for (RunData.Event e : data.events()) {
            if (e.name().equals("step_start")) {
                double at = x(series.at(e.at()));
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        + "stroke=\"#555\" stroke-dasharray=\"3,3\"/>%n", at, LAT_TOP, at, TPUT_TOP + TPUT_HEIGHT));
                text(at + 2, LAT_TOP + 12, escape(e.detail()), "fill=\"#555\" font-size=\"10\"");
            }
        }
        for (RunData.LockSample sample : data.locks()) {
            if (sample.ddlWaiting() > 0) {
                double at = x(series.at(sample.at()));
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        + "stroke=\"#8c564b\" stroke-width=\"2\"/>%n", at, LAT_TOP + LAT_HEIGHT - 8, at,
                        LAT_TOP + LAT_HEIGHT));
            }
        }
    }

    private void legend() {
        int y = HEIGHT - 12;
        String[][] items = old == null
                ? new String[][] {{"#2ca02c", "p50"}, {"#ff7f0e", "p99"}, {"#d62728", "max / failed"},
                    {"#1f77b4", "responses/s"}, {"#9467bd", "sessions waiting on locks"},
                    {"#8c564b", "a migration waiting for its lock"}, {"#555", "migration step starts"}}
                : new String[][] {{"#2ca02c", "Cutover p50"}, {"#ff7f0e", "p99"}, {"#d62728", "max / failed"},
                    {"#1f77b4", "responses/s"}, {"#17becf", "old service p99"}, {"#e377c2", "max"},
                    {"#bcbd22", "transactions/s"}, {"#9467bd", "waiting on locks"}, {"#8c564b", "DDL waiting"}};
        double xPos = LEFT;
        for (String[] item : items) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>%n",
                    xPos, y - 4, item[0]));
            text(xPos + 16, y, item[1], "");
            xPos += 22 + item[1].length() * 6.5;
        }
    }

    private void frame(int top, int height, String label) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", LEFT, top, WIDTH - LEFT - RIGHT, height));
        text(LEFT, top - 8, label, "fill=\"#333\"");
        int tick = niceStep((int) span);
        for (int s = 0; s <= span; s += tick) {
            text(x(s) - 6, top + height + 14, s + " s", "fill=\"#666\" font-size=\"10\"");
        }
    }

    private void gridLine(double y, String label) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                LEFT, y, WIDTH - RIGHT, y));
        text(LEFT - 8, y + 4, label, "text-anchor=\"end\" fill=\"#666\"");
    }

    private void line(PerSecond source, java.util.function.ToLongFunction<PerSecond.Second> value,
                      ToDoubleFunction<Long> scale, String color, String attributes) {
        StringBuilder path = new StringBuilder();
        boolean open = false;
        for (PerSecond.Second s : source.seconds()) {
            long v = value.applyAsLong(s);
            if (v < 0) {
                open = false;
                continue;
            }
            path.append(open ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x(s.index() + 0.5),
                    scale.applyAsDouble(v)));
            open = true;
        }
        if (path.length() > 0) {
            svg.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"1.5\"").append(attributes.isEmpty() ? "" : " " + attributes)
                    .append("/>\n");
        }
    }

    private double x(double second) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.max(0, Math.min(span, second)) / span;
    }

    private void text(double x, double y, String content, String attributes) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes, content));
    }

    private static int niceStep(int range) {
        for (int step : List.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)) {
            if (range / step <= 10) {
                return step;
            }
        }
        return 10000;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
