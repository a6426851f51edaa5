package io.callscribe.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.audio.G711;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.bench.CallPairs;
import io.callscribe.bench.LiveBench;
import io.callscribe.cli.BenchCommand;
import io.callscribe.eval.EvalAudio;
import io.callscribe.eval.EvalManifest;
import io.callscribe.eval.EvalResult;
import io.callscribe.eval.EvalRunner;
import io.callscribe.eval.TelephonyCondition;
import io.callscribe.job.JobConfiguration;
import io.callscribe.job.JobOptions;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.models.ModelStore;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.runtime.InferenceOptions;
import io.callscribe.text.ErrorCounts;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmark suite and collects its raw figures: the model-layer bench ({@code callscribe
 * bench}), WER per telephony condition ({@link EvalRunner}, oracle segments, greedy), and the whole
 * job under live load ({@link LiveBench}) with the memory seen around each load level.
 */
public final class BenchmarkSuite {

    /** Intra-op threads of the accuracy runs, as {@code callscribe eval} uses by default. */
    private static final int EVAL_THREADS = 2;
    /** Loss pattern seed, as {@code callscribe eval} uses, so the figures match a manual run. */
    private static final long LOSS_SEED = 20240601L;

    private final SuiteSettings settings;
    private final PrintWriter out;

    /** @param out progress, and the bench's own tables */
    public BenchmarkSuite(SuiteSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    public PerformanceFigures run() throws Exception {
        out.println("report: model bench");
        out.flush();
        JsonNode modelBench = modelBench();
        out.println("report: accuracy per telephony condition");
        out.flush();
        List<String> active = new ArrayList<>();
        List<PerformanceFigures.Accuracy> accuracy = accuracy(active);
        out.println("report: live job, load levels " + settings.legs() + " legs");
        out.flush();
        List<PerformanceFigures.LoadLevel> load = load();
        var os = ManagementFactory.getOperatingSystemMXBean();
        PerformanceFigures.Setup setup = new PerformanceFigures.Setup(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                os.getAvailableProcessors(), Runtime.getRuntime().maxMemory(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                os.getName() + " " + os.getVersion() + " " + os.getArch(), settings.quick(), settings.models(), settings.liveModel(),
                settings.provider(), String.join(", ", active), settingsMap(settings.jobSettings()));
        return new PerformanceFigures(PerformanceFigures.VERSION, setup, modelBench, accuracy, load);
    }

    /** {@code callscribe bench} itself, its JSON read back: the figures are the command's own. */
    private JsonNode modelBench() throws IOException {
        Path json = Files.createTempFile("callscribe-bench", ".json");
        try {
            List<String> args = new ArrayList<>(List.of("--models", String.join(",", settings.models()),
                    "--lengths", join(settings.segmentSeconds()), "--threads", join(settings.threads()),
                    "--batches", join(settings.batches()), "--vad-streams", join(settings.vadStreams()),
                    "--repeats", Integer.toString(settings.repeats()), "--provider", settings.provider(),
                    "--set", settings.calls().toString(), "--json", json.toString()));
            if (settings.modelDir() != null) {
                args.addAll(List.of("--model-dir", settings.modelDir().toString()));
            }
            CommandLine bench = new CommandLine(new BenchCommand()).setOut(out).setErr(out);
            int exit = bench.execute(args.toArray(String[]::new));
            if (exit != 0) {
                throw new IllegalStateException("callscribe bench " + String.join(" ", args) + " exited " + exit);
            }
            return new ObjectMapper().readTree(json.toFile());
        } finally {
            Files.deleteIfExists(json);
        }
    }

    private List<PerformanceFigures.Accuracy> accuracy(List<String> activeProviders) {
        List<EvalManifest.Entry> entries = EvalManifest.read(settings.calls().resolve("manifest.tsv"));
        if (settings.evalLimit() > 0 && entries.size() > settings.evalLimit()) {
            entries = entries.subList(0, settings.evalLimit());
        }
        Map<String, TelephonyCondition> conditions = new LinkedHashMap<>();
        conditions.put("PCM", TelephonyCondition.PCM);
        conditions.put("mu-law", new TelephonyCondition(G711.MU_LAW, 0, LOSS_SEED));
        conditions.put("A-law", new TelephonyCondition(G711.A_LAW, 0, LOSS_SEED));
        conditions.put(String.format(Locale.ROOT, "mu-law, %.0f %% loss", settings.lossPercent()),
                new TelephonyCondition(G711.MU_LAW, settings.lossPercent(), LOSS_SEED));
        Path root = settings.modelDir() != null ? settings.modelDir() : ModelStore.defaultRoot();
        InferenceOptions options = InferenceOptions.builder()
                .provider(ExecutionProvider.valueOf(settings.provider().toUpperCase(Locale.ROOT))).intraOpThreads(EVAL_THREADS).build();
        List<PerformanceFigures.Accuracy> figures = new ArrayList<>();
        for (String model : settings.models()) {
            try (MoonshineRecognizer recognizer = MoonshineRecognizer.builder().model(new ModelFetcher(root).ensure(model))
                    .options(options).config(RecognizerConfig.GREEDY).build()) {
                activeProviders.add(model + ": " + recognizer.provider().name().toLowerCase(Locale.ROOT));
                for (Map.Entry<String, TelephonyCondition> c : conditions.entrySet()) {
                    EvalResult result = new EvalRunner(recognizer, new EvalAudio(ResamplerKind.SINC, c.getValue()))
                            .oracle(entries, 1, u -> {});
                    ErrorCounts pooled = result.pooled();
                    figures.add(new PerformanceFigures.Accuracy(model, c.getKey(), pooled.wer(), pooled.errors(), pooled.referenceWords(),
                            result.audioSeconds(), result.utterances().size(), result.failures().size()));
                    out.printf(Locale.ROOT, "  %-16s %-18s WER %5.1f %% on %d words%s%n", model, c.getKey(), 100 * pooled.wer(),
                            pooled.referenceWords(), result.failures().isEmpty() ? "" : ", " + result.failures().size() + " unreadable");
                    out.flush();
                }
            }
        }
        return figures;
    }

    private List<PerformanceFigures.LoadLevel> load() throws Exception {
        Configuration conf = JobConfiguration.load(null, settings.jobSettings());
        conf.set(JobOptions.RECOGNIZER, settings.liveModel());
        conf.set(JobOptions.PROVIDER, settings.provider());
        if (settings.modelDir() != null) {
            conf.set(JobOptions.MODEL_DIR, settings.modelDir().toString());
        }
        LiveBench bench = new LiveBench(CallPairs.of(settings.calls()), conf);
        List<PerformanceFigures.LoadLevel> levels = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            if (settings.warmupLegs() > 0) {
                bench.run(kafka, settings.warmupLegs());
            }
            for (int legs : settings.legs()) {
                LiveBench.Result result;
                MemoryProbe memory = new MemoryProbe();
                try {
                    result = bench.run(kafka, legs);
                } finally {
                    memory.close();
                }
                PerformanceFigures.LoadLevel level = new PerformanceFigures.LoadLevel(result, memory.heapBaselineBytes(),
                        memory.heapPeakAfterGcBytes(), memory.checkpointPeakBytes());
                levels.add(level);
                out.printf(Locale.ROOT, "  %3d legs: final p95 %d ms at the operator, %d ms read_committed, job CPU %.4f s per leg-second, "
                                + "kept up %s, heap +%.0f MB, checkpoint %.1f MB%n", legs, LiveBench.percentile(result.operatorLatencyMs(), 95),
                        LiveBench.percentile(result.committedLatencyMs(), 95), result.jobSeconds() / result.audioSeconds(),
                        result.keptUp() ? "yes" : "no", level.heapGrowthBytes() / 1e6, level.checkpointPeakBytes() / 1e6);
                out.flush();
            }
        }
        return levels;
    }

    private static Map<String, String> settingsMap(List<String> overrides) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            map.put(o.substring(0, eq).strip(), o.substring(eq + 1).strip());
        }
        return map;
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
