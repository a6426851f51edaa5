package io.callscribe.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.bench.LiveBench;
import io.callscribe.cli.CallscribeCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The report drawn from a small fixed set of figures; nothing is measured here. */
class PerformanceReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern IMAGE = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)");

    @TempDir
    Path dir;

    private static Path fixture() throws URISyntaxException {
        return Path.of(PerformanceReportTest.class.getResource("/report/figures-small.json").toURI());
    }

    @Test
    void markdownEmbedsEveryChartAsANonEmptyPng() throws Exception {
        String markdown = Files.readString(PerformanceReport.render(PerformanceFigures.read(fixture()), dir));

        List<String> images = new ArrayList<>();
        Matcher m = IMAGE.matcher(markdown);
        while (m.find()) {
            images.add(m.group(1));
        }
        assertEquals(List.of("latency-operator.png", "latency-read-committed.png", "cpu-per-leg.png", "rtf-per-segment-length.png",
                "wer-per-condition.png"), images);
        for (String image : images) {
            byte[] bytes = Files.readAllBytes(dir.resolve(image));
            assertTrue(bytes.length > 1000, image + " is " + bytes.length + " bytes");
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), image + " is not a PNG");
        }
    }

    @Test
    void figuresJsonIsWrittenBackUnchanged() throws Exception {
        PerformanceFigures figures = PerformanceFigures.read(fixture());
        PerformanceReport.render(figures, dir);
        assertEquals(figures, PerformanceFigures.read(dir.resolve(PerformanceReport.FIGURES)));
    }

    @Test
    void capacityFollowsTheFormulaFromTheLargestLevelThatKeptUp() throws Exception {
        PerformanceFigures figures = PerformanceFigures.read(fixture());
        CapacityGuide guide = CapacityGuide.of(figures);

        // 12 legs fell behind (p95 11 s); 8 legs kept up: job CPU (100 - 36) s over 800 leg-seconds
        LiveBench.Result basis = figures.load().get(1).bench();
        double c = (basis.cpuSeconds() - basis.harnessSeconds()) / basis.audioSeconds();
        assertEquals(8, guide.basis().legs());
        assertEquals(0.08, c, 1e-12);
        assertEquals(c, guide.basis().jobCpuPerLegSecond(), 1e-12);
        // heap grows 8, 16, 24 MB at 4, 8, 12 legs: 2 MB per leg; the largest checkpoint, 600 kB at 12 legs: 50 kB per leg
        assertEquals(2_000_000, guide.heapPerLegBytes(), 1e-6);
        assertEquals(50_000, guide.statePerLegBytes(), 1e-9);

        String markdown = Files.readString(PerformanceReport.render(figures, dir));
        int[][] expected = {{100, 23, 25, 50}, {1_000, 229, 250, 500}, {10_000, 2286, 2500, 5000}}; // worked by hand
        for (int[] row : expected) {
            int calls = row[0];
            int legs = 2 * calls;
            int cores = (int) Math.ceil(legs * c / CapacityGuide.TARGET_UTILISATION);
            int parallelism = (int) Math.ceil(legs / 8.0);
            assertEquals(row[1], cores);
            assertEquals(row[2], parallelism);
            assertEquals(row[3], 2 * parallelism);
            String prefix = String.format(Locale.ROOT, "| %,d | %,d | %d | %d | %d | %.2f | %.2f |", calls, legs, cores, parallelism,
                    2 * parallelism, legs * 2e6 / (1024.0 * 1024 * 1024), legs * 5e4 / (1024.0 * 1024 * 1024));
            assertTrue(markdown.contains(prefix), "capacity row " + prefix + " missing from\n" + markdown);
        }
        assertTrue(markdown.contains("| legs per GPU | not measured here"), markdown);
    }

    @Test
    void noCapacityIsDerivedWhenNoLevelKeptUp() throws Exception {
        PerformanceFigures all = PerformanceFigures.read(fixture());
        PerformanceFigures behind = new PerformanceFigures(all.version(), all.setup(), all.modelBench(), all.accuracy(),
                List.of(all.load().get(2)));
        CapacityGuide guide = CapacityGuide.of(behind);
        assertNull(guide.basis());
        guide.rows().forEach(r -> assertNull(r.cores()));
        String markdown = Files.readString(PerformanceReport.render(behind, dir));
        assertTrue(markdown.contains("| 100 | 200 | not derivable | not derivable | not derivable |"), markdown);
    }

    @Test
    void commandRedrawsFromSavedFigures() throws IOException, URISyntaxException {
        StringWriter out = new StringWriter();
        CommandLine cli = CallscribeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        Path target = dir.resolve("report");
        assertEquals(0, cli.execute("report", "--from-json", fixture().toString(), "--out", target.toString()), out.toString());
        assertTrue(Files.readString(target.resolve(PerformanceReport.MARKDOWN)).contains("## Capacity guide"));
        assertTrue(Files.size(target.resolve("cpu-per-leg.png")) > 0);
    }
}
