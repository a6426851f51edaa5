package io.callscribe.report;

import io.callscribe.bench.LiveBench;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report's charts as PNG files (XChart, drawn headless). Each method returns the file's name in
 * the output folder, or null when its figures are absent.
 */
public final class ReportCharts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private final Path dir;

    public ReportCharts(Path dir) {
        // charts are drawn off-screen: no display is needed (servers, CI)
        System.setProperty("java.awt.headless", "true");
        this.dir = dir;
    }

    /** Cumulative distribution of final latency per load level, at the operator or at a read_committed consumer. */
    public String latencyCdf(List<PerformanceFigures.LoadLevel> levels, boolean committed) {
        if (levels.isEmpty()) {
            return null;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Final latency " + (committed ? "at a read_committed consumer" : "at the operator") + ", endpoint to final")
                .xAxisTitle("latency (s)").yAxisTitle("share of finals").build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisMin(0.0).setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        boolean any = false;
        for (PerformanceFigures.LoadLevel level : levels) {
            LiveBench.Result r = level.bench();
            List<Long> ms = new ArrayList<>(committed ? r.committedLatencyMs() : r.operatorLatencyMs());
            if (ms.isEmpty()) {
                continue;
            }
            Collections.sort(ms);
            // the empirical CDF as steps: at each latency the share rises by one final
            double[] x = new double[2 * ms.size()];
            double[] y = new double[2 * ms.size()];
            for (int i = 0; i < ms.size(); i++) {
                x[2 * i] = x[2 * i + 1] = ms.get(i) / 1000.0;
                y[2 * i] = i / (double) ms.size();
                y[2 * i + 1] = (i + 1) / (double) ms.size();
            }
            XYSeries series = chart.addSeries(r.legs() + " legs" + (r.keptUp() ? "" : " (fell behind)"), x, y);
            series.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        return !any ? null : save(chart, committed ? "latency-read-committed.png" : "latency-operator.png");
    }

    /** The job's CPU per leg-second at each load level, stacked by stage; the axis labels say which levels kept up. */
    public String cpuPerLeg(List<PerformanceFigures.LoadLevel> levels) {
        if (levels.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Job CPU per leg-second by stage (the broker and load generator excluded)")
                .xAxisTitle("concurrent legs").yAxisTitle("CPU seconds per leg-second").build();
        style(chart);
        chart.getStyler().setStacked(true).setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        List<String> labels = new ArrayList<>();
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        for (String stage : List.of("front end", "VAD", "recognition", "framework")) {
            stages.put(stage, new ArrayList<>());
        }
        for (PerformanceFigures.LoadLevel level : levels) {
            LiveBench.Result r = level.bench();
            double s = r.audioSeconds();
            labels.add(r.legs() + (r.keptUp() ? " kept up" : " behind"));
            stages.get("front end").add(r.frontEndSeconds() / s);
            stages.get("VAD").add(r.vadSeconds() / s);
            stages.get("recognition").add(r.recognitionSeconds() / s);
            // measured as the process less the stages: sampling noise can make it slightly negative
            stages.get("framework").add(Math.max(0, r.frameworkSeconds() / s));
        }
        stages.forEach((stage, values) -> chart.addSeries(stage, labels, values));
        return save(chart, "cpu-per-leg.png");
    }

    /** Recognizer real-time factor per segment length, one line per model and thread count. */
    public String realTimeFactor(List<RecognizerSpeed> points) {
        if (points.isEmpty()) {
            return null;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Recognizer real-time factor (greedy; lower is faster)")
                .xAxisTitle("segment length (s)").yAxisTitle("processing time / audio time").build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0).setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisDecimalPattern("0").setYAxisDecimalPattern("0.00");
        Map<String, List<RecognizerSpeed>> series = new LinkedHashMap<>();
        points.forEach(p -> series.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(p));
        series.forEach((name, ps) -> chart.addSeries(name, ps.stream().map(p -> (double) p.segmentSeconds()).toList(),
                ps.stream().map(RecognizerSpeed::rtf).toList()).setMarker(SeriesMarkers.CIRCLE));
        return save(chart, "rtf-per-segment-length.png");
    }

    /** Pooled WER per telephony condition, one bar per model. */
    public String wer(List<PerformanceFigures.Accuracy> accuracy) {
        if (accuracy.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Word error rate per telephony condition (oracle segments, greedy)")
                .xAxisTitle("condition").yAxisTitle("WER (%)").build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0).setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("0");
        List<String> conditions = accuracy.stream().map(PerformanceFigures.Accuracy::condition).distinct().toList();
        for (String model : new TreeSet<>(accuracy.stream().map(PerformanceFigures.Accuracy::model).toList())) {
            List<Double> values = new ArrayList<>();
            for (String condition : conditions) {
                values.add(accuracy.stream().filter(a -> a.model().equals(model) && a.condition().equals(condition))
                        .mapToDouble(a -> 100 * a.wer()).findFirst().orElse(0));
            }
            chart.addSeries(model, conditions, values);
        }
        return save(chart, "wer-per-condition.png");
    }

    private static void style(Chart<?, ?> chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setChartTitleBoxVisible(false);
    }

    private String save(Chart<?, ?> chart, String name) {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
        return name;
    }
}
