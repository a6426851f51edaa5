package io.callscribe.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report folder from figures: {@code figures.json}, the charts as PNG, and {@code README.md}. */
public final class PerformanceReport {

    public static final String MARKDOWN = "README.md";
    public static final String FIGURES = "figures.json";

    private PerformanceReport() {}

    /** @return the Markdown file written */
    public static Path render(PerformanceFigures figures, Path dir) throws IOException {
        Files.createDirectories(dir);
        figures.write(dir.resolve(FIGURES));
        ReportCharts draw = new ReportCharts(dir);
        MarkdownReport.Charts charts = new MarkdownReport.Charts(draw.latencyCdf(figures.load(), false),
                draw.latencyCdf(figures.load(), true), draw.cpuPerLeg(figures.load()),
                draw.realTimeFactor(RecognizerSpeed.of(figures.modelBench())), draw.wer(figures.accuracy()));
        Path markdown = dir.resolve(MARKDOWN);
        Files.writeString(markdown, new MarkdownReport(figures, charts, CapacityGuide.of(figures)).render(), StandardCharsets.UTF_8);
        return markdown;
    }
}
