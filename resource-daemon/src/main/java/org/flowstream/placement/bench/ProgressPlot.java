package org.flowstream.placement.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.placement.solver.SearchProgress;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Total violations of the best placement over time, one step line per run, time on a log axis: the
 * form of Figures 3.3 and 3.4. Drawn with XChart into a PNG.
 */
final class ProgressPlot {
    private final Map<String, List<SearchProgress.Point>> runs = new LinkedHashMap<>();

    /** Adds a run (ignored when it has no points: a bound answered before any search). */
    void add(String name, List<SearchProgress.Point> points) {
        if (!points.isEmpty()) runs.put(name, points);
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    /** A point's time on the log axis (a bound's answer at 0 s is drawn at 1 ms). */
    private static double seconds(SearchProgress.Point p) {
        return Math.max(p.seconds(), 1e-3);
    }

    private double earliest() {
        return runs.values().stream()
                .mapToDouble(ps -> seconds(ps.get(0)))
                .min()
                .orElse(1e-3);
    }

    private double latest() {
        return runs.values().stream()
                .mapToDouble(ps -> seconds(ps.get(ps.size() - 1)))
                .max()
                .orElse(1);
    }

    void write(Path png, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        // The legend sits right of the plot and grows with the runs (a grid draws dozens).
        XYChart chart = new XYChartBuilder()
                .width(1200)
                .height(Math.max(560, 110 + 17 * runs.size()))
                .title(title)
                .xAxisTitle("time (s, log scale)")
                .yAxisTitle("total violations (cpu + mem + bandwidth + delay)")
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        // XChart labels a log axis at powers of ten only: the axis spans whole decades so it has labels.
        chart.getStyler().setXAxisDecimalPattern("0.###");
        double from = Math.pow(10, Math.floor(Math.log10(earliest())));
        chart.getStyler().setXAxisMin(from);
        chart.getStyler().setXAxisMax(Math.max(10 * from, Math.pow(10, Math.ceil(Math.log10(latest())))));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        for (Map.Entry<String, List<SearchProgress.Point>> run : runs.entrySet()) {
            List<SearchProgress.Point> points = run.getValue();
            // A step line: each best holds until the next one is found.
            double[] x = new double[2 * points.size() - 1];
            double[] y = new double[x.length];
            for (int i = 0; i < points.size(); i++) {
                x[2 * i] = seconds(points.get(i));
                y[2 * i] = points.get(i).violations().total();
                if (i + 1 < points.size()) {
                    x[2 * i + 1] = seconds(points.get(i + 1));
                    y[2 * i + 1] = y[2 * i];
                }
            }
            XYSeries s = chart.addSeries(run.getKey(), x, y);
            s.setMarker(SeriesMarkers.NONE);
        }
        String file = png.toString();
        BitmapEncoder.saveBitmap(
                chart,
                file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
