package io.callscribe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.bench.CallPairs;
import io.callscribe.bench.Flatness;
import io.callscribe.bench.LiveBench;
import io.callscribe.bench.SoakBench;
import io.callscribe.job.JobConfiguration;
import io.callscribe.job.JobOptions;
import io.callscribe.kafka.EmbeddedKafka;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code callscribe bench-job}: the streaming job under N concurrent real-time legs. */
@Command(name = "bench-job", mixinStandardHelpOptions = true,
        description = {"Run the job locally under N concurrent legs of real call audio, real-time paced; print final latency",
                "at the operator and at a read_committed consumer, partial cadence, partials shed, whether it kept up,",
                "and CPU per leg-second split into front end, VAD, recognition and the rest (framework, Kafka).",
                "With --soak DURATION: one load level, calls restarting as they end, first for --settle unsampled, then for",
                "DURATION printing heap, off-heap memory, RocksDB size (and its MANIFEST), checkpoint size and final latency",
                "every --sample-every, and whether each stays flat."})
public final class JobBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--legs", split = ",", defaultValue = "8,16,24,32,40", description = "Load levels (legs). Default: ${DEFAULT-VALUE}.")
    List<Integer> legs;

    @Option(names = "--model", defaultValue = "moonshine-tiny", description = "Recognizer. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a job setting.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--calls", paramLabel = "DIR", defaultValue = "../shared/eval/hvb-callcenter-dev",
            description = "Set with calls_manifest.tsv whose agent/caller channels are replayed. Default: ${DEFAULT-VALUE}.")
    Path set;

    @Option(names = "--warmup-legs", defaultValue = "4",
            description = "Legs of an unreported first run that warms up the JVM (JIT) and the models; 0 for none. Default: ${DEFAULT-VALUE}.")
    int warmupLegs;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every load level's figures (with all latencies) as JSON here; "
            + "with --soak, every sample and verdict.")
    Path json;

    @Option(names = "--soak", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Soak mode: run the one load level of --legs for this long (e.g. 10m), each call followed by the next as it ends.")
    Duration soak;

    @Option(names = "--settle", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Soak mode: load before the first sample, so that keyed state has filled up to its steady level. "
                    + "Default: segmentation.ended-call-memory (an ended leg's marker is the longest-kept state).")
    Duration settle;

    @Option(names = "--sample-every", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Soak mode: time between samples; a soak needs at least three. Default: ${DEFAULT-VALUE}.")
    Duration sampleEvery;

    /** Durations as Flink writes them: 10m, 30 s, 1h, 500ms. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return TimeUtils.parseDuration(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (soak != null && legs.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--soak runs one load level: give --legs N, not " + legs);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Path[]> calls = CallPairs.of(set);
        Configuration conf = JobConfiguration.load(null, overrides);
        conf.set(JobOptions.RECOGNIZER, model);
        LiveBench bench = new LiveBench(calls, conf);
        if (soak != null) {
            return soak(out, bench, new SoakBench(calls, conf));
        }
        String row = "%5s %7s %22s %22s %8s %5s %5s %5s  %s%n";
        out.printf(Locale.ROOT, row, "legs", "audio", "final latency at", "at read_committed", "partial", "shed", "batch", "kept",
                "CPU s per leg-second: job = front end + VAD + ASR + framework | broker & load generator");
        out.printf(Locale.ROOT, row, "", "s", "operator p50/95/99 ms", "p50/95/99 ms", "every ms", "", "mean", "up", "");
        out.flush();
        int largest = 0;
        List<LiveBench.Result> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            if (warmupLegs > 0) {
                bench.run(kafka, warmupLegs);
            }
            for (int n : legs) {
                LiveBench.Result r = bench.run(kafka, n);
                double s = r.audioSeconds();
                out.printf(Locale.ROOT, row, n, String.format(Locale.ROOT, "%.0f", s), latencies(r.operatorLatencyMs()),
                        latencies(r.committedLatencyMs()), String.format(Locale.ROOT, "%.0f", r.partialIntervalMs()),
                        String.format(Locale.ROOT, "%.0f", r.partialsShed()), String.format(Locale.ROOT, "%.1f", r.meanBatchSize()),
                        r.keptUp() ? "yes" : "NO", String.format(Locale.ROOT, "%.4f = %.4f + %.4f + %.4f + %.4f | %.4f", r.jobSeconds() / s,
                                r.frontEndSeconds() / s, r.vadSeconds() / s, r.recognitionSeconds() / s, r.frameworkSeconds() / s,
                                r.harnessSeconds() / s));
                out.flush();
                results.add(r);
                if (r.keptUp()) {
                    largest = Math.max(largest, n);
                }
            }
        }
        out.printf(Locale.ROOT, "largest load that kept up: %d legs%n", largest);
        if (json != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), results);
        }
        return 0;
    }

    private int soak(PrintWriter out, LiveBench warmup, SoakBench soakBench) throws Exception {
        int n = legs.get(0);
        Duration settleFor = settle != null ? settle : soakBench.endedCallMemory();
        out.printf(Locale.ROOT, "soak: %d legs, %d s of settling, then %d s with a sample every %d s: heap in use after a full GC; off-heap = resident memory "
                + "less committed heap (ONNX Runtime, RocksDB, stacks, metaspace); RocksDB local files, and their MANIFEST share; full size of the last completed "
                + "checkpoint; finals in the window and their latency at the operator%n", n, settleFor.toSeconds(), soak.toSeconds(),
                sampleEvery.toSeconds());
        String row = "%7s %9s %11s %11s %12s %14s %7s %7s%n";
        out.printf(Locale.ROOT, row, "t s", "heap MB", "off-heap MB", "RocksDB MB", "MANIFEST MB", "checkpoint MB", "finals", "p95 ms");
        out.flush();
        SoakBench.Result result;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            if (warmupLegs > 0) {
                warmup.run(kafka, warmupLegs);
            }
            result = soakBench.run(kafka, n, settleFor, soak, sampleEvery, s -> {
                out.printf(Locale.ROOT, row, String.format(Locale.ROOT, "%.0f", s.seconds()), megabytes(s.heapAfterGcBytes()),
                        megabytes(s.offHeapBytes()), megabytes(s.rocksDbBytes()), megabytes(s.rocksDbManifestBytes()),
                        megabytes(s.checkpointBytes()), s.finals(),
                        s.finalLatencyP95Ms());
                out.flush();
            });
        }
        out.printf(Locale.ROOT, "%d calls started; %s:%n", result.callsStarted(), Flatness.RULE);
        for (Flatness f : result.verdicts()) {
            out.printf(Locale.ROOT, "  %-18s %-5s %s%n", f.figure(), f.verdict(),
                    f.growth() == null ? "" : String.format(Locale.ROOT, "%+.1f %% (scatter: %.1f %%)", 100 * f.growth(), 100 * f.noise()));
        }
        if (json != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
        }
        return 0;
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private static String latencies(List<Long> ms) {
        return String.format(Locale.ROOT, "%d/%d/%d", LiveBench.percentile(ms, 50), LiveBench.percentile(ms, 95),
                LiveBench.percentile(ms, 99));
    }
}
