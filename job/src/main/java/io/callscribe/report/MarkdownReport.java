package io.callscribe.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.callscribe.bench.LiveBench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The report as Markdown: tables of the figures, the charts embedded, and the capacity guide. */
public final class MarkdownReport {

    /** File names of the charts in the report's folder; null where a chart was not drawn. */
    public record Charts(String latencyOperator, String latencyCommitted, String cpuPerLeg, String realTimeFactor, String wer) {}

    private final PerformanceFigures figures;
    private final Charts charts;
    private final CapacityGuide capacity;
    private final StringBuilder md = new StringBuilder();

    public MarkdownReport(PerformanceFigures figures, Charts charts, CapacityGuide capacity) {
        this.figures = figures;
        this.charts = charts;
        this.capacity = capacity;
    }

    public String render() {
        md.setLength(0);
        header();
        live();
        modelSpeed();
        accuracy();
        memory();
        capacityGuide();
        return md.toString();
    }

    private void header() {
        PerformanceFigures.Setup s = figures.setup();
        line("# callscribe performance report");
        line();
        if (s.quick()) {
            line("> **Quick run** (smoke-test sizes: one short load level, one model, a few segments). These figures show");
            line("> that the suite runs end to end; they are not for planning. Run `callscribe report` without `--quick`.");
            line();
        }
        line(f("Measured %s on %d cores (%s), %s, max heap %.1f GiB. Recognizer provider asked: `%s`; ran on: %s.",
                s.measuredAt(), s.cores(), s.os(), s.java(), s.maxHeapBytes() / GIB, s.provider(),
                s.activeProvider() == null || s.activeProvider().isEmpty() ? "not recorded" : s.activeProvider()));
        line();
        line("Written by `callscribe report`. Every raw figure is in [figures.json](figures.json); `callscribe report --from-json "
                + "figures.json --out DIR` draws this report again from it without running anything. Figures from one run on a "
                + "shared machine are noisy: compare within a table rather than across runs.");
        line();
    }

    private void live() {
        List<PerformanceFigures.LoadLevel> levels = figures.load();
        line("## Live load: the whole job");
        line();
        if (levels.isEmpty()) {
            line("Not measured in this run.");
            line();
            return;
        }
        line(f("N legs (N/2 calls of the HVB dev set, agent and caller, mu-law) replayed in real time into an in-process Kafka "
                + "broker, through the job on a local mini-cluster (parallelism 1, RocksDB, exactly-once sinks, checkpoints every "
                + "2 s), recognizer `%s`%s. Broker, load generator and consumers share the machine with the job; their CPU is "
                + "measured apart. Latency runs from the endpoint (the utterance's last audio segmented) to the final at the "
                + "operator's output and at a `read_committed` consumer. *Kept up*: p95 at the operator under 3 s, every leg's "
                + "summary arrived, and within 20 s of the end of the audio.", figures.setup().liveModel(), jobSettings()));
        line();
        line("| legs | audio (s) | final at operator p50 / p95 / p99 (s) | at read_committed p50 / p95 / p99 (s) | partial every (s) "
                + "| partials shed | mean batch | kept up | job CPU s per leg-second: total = front end + VAD + ASR + framework "
                + "| broker & load generator |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        for (PerformanceFigures.LoadLevel level : levels) {
            LiveBench.Result r = level.bench();
            double s = r.audioSeconds();
            line(f("| %d | %.0f | %s | %s | %.2f | %.0f | %.1f | %s | %.4f = %.4f + %.4f + %.4f + %.4f | %.4f |", r.legs(), s,
                    percentiles(r.operatorLatencyMs()), percentiles(r.committedLatencyMs()), r.partialIntervalMs() / 1000,
                    r.partialsShed(), r.meanBatchSize(), r.keptUp() ? "yes" : "**no**", r.jobSeconds() / s, r.frontEndSeconds() / s,
                    r.vadSeconds() / s, r.recognitionSeconds() / s, r.frameworkSeconds() / s, r.harnessSeconds() / s));
        }
        line();
        image("Final latency at the operator, CDF per load level", charts.latencyOperator());
        image("Final latency at a read_committed consumer, CDF per load level", charts.latencyCommitted());
        line("Finals reach a `read_committed` consumer only after the checkpoint that covers them: up to one checkpoint "
                + "interval later than at the operator.");
        line();
        image("Job CPU per leg-second by stage per load level", charts.cpuPerLeg());
    }

    private void modelSpeed() {
        JsonNode bench = figures.modelBench();
        line("## Model speed");
        line();
        if (bench == null) {
            line("Not measured in this run.");
            line();
            return;
        }
        line("`callscribe bench`: the model layer alone on real call speech (HVB dev segments joined and cut), median of the timed runs.");
        line();
        List<RecognizerSpeed> points = RecognizerSpeed.of(bench);
        if (!points.isEmpty()) {
            TreeSet<Integer> lengths = new TreeSet<>();
            points.forEach(p -> lengths.add(p.segmentSeconds()));
            line("### Recognizer real-time factor (greedy; processing time / audio time)");
            line();
            StringBuilder head = new StringBuilder("| model | threads |");
            StringBuilder rule = new StringBuilder("|---|---|");
            lengths.forEach(l -> {
                head.append(' ').append(l).append(" s |");
                rule.append("---|");
            });
            line(head.toString());
            line(rule.toString());
            for (String series : points.stream().map(RecognizerSpeed::series).distinct().toList()) {
                List<RecognizerSpeed> row = points.stream().filter(p -> p.series().equals(series)).toList();
                StringBuilder cells = new StringBuilder(f("| %s | %d |", row.get(0).model(), row.get(0).threads()));
                for (int l : lengths) {
                    cells.append(row.stream().filter(p -> p.segmentSeconds() == l).findFirst().map(p -> f(" %.3f |", p.rtf())).orElse(" |"));
                }
                line(cells.toString());
            }
            line();
            image("Recognizer real-time factor per segment length", charts.realTimeFactor());
        }
        keyValueTable(bench, "beam", "Beam search cost (5 s segments)", "real-time factor", "%.3f");
        keyValueTable(bench, "batching", "Recognizer batching (equal-length 5 s segments)", "audio seconds per wall second", "%.1f");
        keyValueTable(bench, "vadSecondsPerAudioSecond", "Silero VAD cost (32 ms chunks, streams batched into one call)",
                "s per audio second per stream", "%.4f");
    }

    private void keyValueTable(JsonNode bench, String field, String title, String unit, String format) {
        if (!bench.has(field) || bench.get(field).isEmpty()) {
            return;
        }
        line("### " + title);
        line();
        line("| setting | " + unit + " |");
        line("|---|---|");
        for (Iterator<Map.Entry<String, JsonNode>> it = bench.get(field).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            line("| " + e.getKey() + " | " + f(format, e.getValue().asDouble()) + " |");
        }
        line();
    }

    private void accuracy() {
        List<PerformanceFigures.Accuracy> accuracy = figures.accuracy();
        line("## Accuracy per telephony condition");
        line();
        if (accuracy.isEmpty()) {
            line("Not measured in this run.");
            line();
            return;
        }
        PerformanceFigures.Accuracy first = accuracy.get(0);
        line(f("Pooled WER on the HVB dev segments (%d segments, %d reference words; oracle segmentation, greedy, sinc resampling; "
                + "scoring rules of `shared/eval/README.md`). Each condition is applied at 8 kHz as a telephone leg does: G.711 "
                + "encoded and decoded, and for loss random 20 ms frames dropped (silence, a fixed seed).",
                first.utterances(), first.referenceWords()));
        line();
        List<String> models = accuracy.stream().map(PerformanceFigures.Accuracy::model).distinct().sorted().toList();
        StringBuilder head = new StringBuilder("| condition |");
        StringBuilder rule = new StringBuilder("|---|");
        models.forEach(m -> {
            head.append(' ').append(m).append(" |");
            rule.append("---|");
        });
        line(head.toString());
        line(rule.toString());
        for (String condition : accuracy.stream().map(PerformanceFigures.Accuracy::condition).distinct().toList()) {
            StringBuilder cells = new StringBuilder("| " + condition + " |");
            for (String model : models) {
                cells.append(accuracy.stream().filter(a -> a.model().equals(model) && a.condition().equals(condition)).findFirst()
                        .map(a -> f(" %.1f %% (%d errors)%s |", 100 * a.wer(), a.errors(),
                                a.failures() > 0 ? f(", %d unreadable", a.failures()) : ""))
                        .orElse(" |"));
            }
            line(cells.toString());
        }
        line();
        image("WER per telephony condition and model", charts.wer());
    }

    private void memory() {
        List<PerformanceFigures.LoadLevel> levels = figures.load();
        line("## Memory");
        line();
        if (levels.isEmpty()) {
            line("Not measured in this run.");
            line();
            return;
        }
        line("Heap: in use right after each garbage collection during a load level (live data of the job, the in-process broker "
                + "and the load generator), against a baseline after a full GC before it; after a young collection the old generation's garbage still counts, so "
                + "these are upper bounds. State: the largest full size of a "
                + "completed checkpoint during the level (all keyed state of the open legs, in RocksDB, off the heap).");
        line();
        line("| legs | heap baseline (MB) | live heap peak (MB) | growth (MB) | growth per leg (KB) | checkpoint full size (MB) | per leg (KB) |");
        line("|---|---|---|---|---|---|---|");
        for (PerformanceFigures.LoadLevel l : levels) {
            int legs = l.bench().legs();
            line(f("| %d | %.0f | %s | %s | %s | %s | %s |", legs, l.heapBaselineBytes() / MB,
                    l.heapPeakAfterGcBytes() == 0 ? "no GC" : f("%.0f", l.heapPeakAfterGcBytes() / MB),
                    l.heapPeakAfterGcBytes() == 0 ? "-" : f("%.1f", l.heapGrowthBytes() / MB),
                    l.heapPeakAfterGcBytes() == 0 ? "-" : f("%.0f", l.heapGrowthBytes() / KB / legs),
                    l.checkpointPeakBytes() == 0 ? "none completed" : f("%.2f", l.checkpointPeakBytes() / MB),
                    l.checkpointPeakBytes() == 0 ? "-" : f("%.1f", l.checkpointPeakBytes() / KB / legs)));
        }
        line();
    }

    private void capacityGuide() {
        CapacityGuide.Basis b = capacity.basis();
        line("## Capacity guide");
        line();
        line("Derived from the figures above only; what was not measured is marked so, nothing is extrapolated to it.");
        line();
        line("Rules, for N concurrent calls of 2 legs each:");
        line();
        line("- **c** = the job's CPU seconds per leg-second (the process less the broker and load generator) at the largest load "
                + "level that kept up, **L** legs. Legs per core = 1 / c.");
        line(f("- Headroom: plan cores at %.0f %% busy (bursts of speech, checkpoints, GC, a failed TaskManager's legs moving over): "
                + "planned legs per core = %.1f / c; **cores = ceil(2N x c / %.1f)**.", 100 * CapacityGuide.TARGET_UTILISATION,
                CapacityGuide.TARGET_UTILISATION, CapacityGuide.TARGET_UTILISATION));
        line("- **Flink parallelism = ceil(2N / L)**: no subtask is planned above the legs one subtask (the bench runs "
                + "parallelism 1) was seen to carry; spread the cores over the slots (cores / parallelism per slot).");
        line(f("- **`call-audio` partitions = %d x parallelism**: a source subtask reads whole partitions, so at least one per "
                + "subtask; twice that lets the job scale out to double without adding partitions, which would move calls "
                + "(keyed by call ID) between partitions mid-call. The other topics carry far less (a few records per utterance): "
                + "parallelism partitions each.", CapacityGuide.AUDIO_PARTITIONS_PER_SUBTASK));
        line(f("- `call-audio` rate = 2N x %d frames/s x %d bytes (one binary PCMU frame of 20 ms with a UUID call ID), before "
                + "Kafka's record and batch overhead. The per-partition limit of your brokers is not measured here: check "
                + "rate / partitions against it.", CapacityGuide.FRAMES_PER_SECOND, capacity.frameBytes()));
        line("- Memory = 2N x (heap per leg) on the heap + 2N x (state per leg) in RocksDB (local disk and its block cache), on top "
                + "of each TaskManager's fixed memory (Flink, the models' ONNX sessions, RocksDB managed memory), not included here.");
        line();
        line("| figure | value | from |");
        line("|---|---|---|");
        if (b == null) {
            line("| c, legs per core, parallelism | not derivable | no load level kept up in this run |");
        } else {
            line(f("| c: job CPU per leg-second | %.4f | %d legs, the largest level that kept up%s |", b.jobCpuPerLegSecond(), b.legs(),
                    b.highestLevelTried() ? " (also the highest tried: the limit is above it)" : ""));
            line(f("| legs per core = 1 / c | %.1f | |", b.legsPerCore()));
            line(f("| planned legs per core = %.1f / c | %.1f | headroom rule |", CapacityGuide.TARGET_UTILISATION, b.plannedLegsPerCore()));
            line(f("| legs per subtask, L | %s%d | the same level |", b.highestLevelTried() ? "at least " : "", b.legs()));
        }
        line("| legs per GPU | " + capacity.perGpu() + " | |");
        line("| heap per leg | " + (capacity.heapPerLegBytes() == null ? "not measured" : f("%.0f KB", capacity.heapPerLegBytes() / KB))
                + " | " + capacity.heapMethod() + " |");
        line("| state per leg | " + (capacity.statePerLegBytes() == null ? "not measured" : f("%.1f KB", capacity.statePerLegBytes() / KB))
                + " | " + (capacity.statePerLegBytes() == null ? "no checkpoint completed during the load levels"
                : "largest full checkpoint / legs, at the largest level with one") + " |");
        line(f("| `call-audio` bytes per leg-second | %d | %d frames x %d bytes |", CapacityGuide.FRAMES_PER_SECOND * capacity.frameBytes(),
                CapacityGuide.FRAMES_PER_SECOND, capacity.frameBytes()));
        line();
        line("| concurrent calls | legs | cores for the job | Flink parallelism | `call-audio` partitions | heap for the legs (GiB) "
                + "| keyed state (GiB) | `call-audio` in (MB/s) |");
        line("|---|---|---|---|---|---|---|---|");
        for (CapacityGuide.Row r : capacity.rows()) {
            line(f("| %,d | %,d | %s | %s | %s | %s | %s | %.2f |", r.calls(), r.legs(), orDash(r.cores()), orDash(r.parallelism()),
                    orDash(r.audioPartitions()), r.heapBytes() == null ? "not measured" : f("%.2f", r.heapBytes() / GIB),
                    r.stateBytes() == null ? "not measured" : f("%.2f", r.stateBytes() / GIB), r.audioBytesPerSecond() / MB));
        }
        line();
        if (figures.setup().quick()) {
            line("These rows come from a quick run: do not plan with them.");
            line();
        }
    }

    private String jobSettings() {
        Map<String, String> settings = figures.setup().jobSettings();
        if (settings == null || settings.isEmpty()) {
            return ", default job settings";
        }
        List<String> parts = new ArrayList<>();
        settings.forEach((k, v) -> parts.add("`" + k + "=" + v + "`"));
        return ", job settings " + String.join(", ", parts);
    }

    private void image(String alt, String file) {
        if (file != null) {
            line("![" + alt + "](" + file + ")");
            line();
        }
    }

    private static String percentiles(List<Long> ms) {
        if (ms.isEmpty()) {
            return "none";
        }
        return f("%.2f / %.2f / %.2f", LiveBench.percentile(ms, 50) / 1000.0, LiveBench.percentile(ms, 95) / 1000.0,
                LiveBench.percentile(ms, 99) / 1000.0);
    }

    private static String orDash(Integer value) {
        return value == null ? "not derivable" : Integer.toString(value);
    }

    private static final double KB = 1e3;
    private static final double MB = 1e6;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    private void line() {
        md.append('\n');
    }
}
