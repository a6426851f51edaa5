package io.callscribe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.eval.EvalAudio;
import io.callscribe.eval.EvalManifest;
import io.callscribe.eval.HotwordDistractors;
import io.callscribe.eval.TelephonyCondition;
import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.hotwords.HotPhrase;
import io.callscribe.models.hotwords.HotwordCompiler;
import io.callscribe.models.hotwords.HotwordGraph;
import io.callscribe.models.hotwords.HotwordLimits;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.models.hotwords.HotwordSetFiles;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.runtime.InferenceOptions;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.models.vad.VadState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code callscribe bench}: speed figures of the model layer on real speech. Prints tables; never
 * asserts. Numbers from one run on a shared machine are noisy: compare ratios within a run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure real-time factor of the recognizers per segment length and thread count,",
                "beam search cost, recognizer batching, and VAD cost per audio second for batched streams;",
                "or, with --hotwords, recognition cost per hot-word set size."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model cache folder (default: $CALLSCRIBE_MODEL_DIR or ~/.cache/callscribe/models).")
    Path modelDir;

    @Option(names = "--models", split = ",", defaultValue = "moonshine-tiny,moonshine-base", description = "Recognizers to measure. Default: ${DEFAULT-VALUE}.")
    List<String> modelIds;

    @Option(names = "--lengths", split = ",", defaultValue = "2,5,10,20", description = "Segment lengths in seconds. Default: ${DEFAULT-VALUE}.")
    List<Integer> lengths;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Intra-op thread counts. Default: ${DEFAULT-VALUE}.")
    List<Integer> threadCounts;

    @Option(names = "--batches", split = ",", defaultValue = "1,4,8", description = "Recognizer batch sizes (5 s segments). Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;

    @Option(names = "--vad-streams", split = ",", defaultValue = "1,8,32,128", description = "VAD batch sizes (streams per call). Default: ${DEFAULT-VALUE}.")
    List<Integer> vadStreams;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per cell (median reported). Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--provider", defaultValue = "auto", description = "cpu, cuda or auto. Default: ${DEFAULT-VALUE}.")
    String provider;

    @Option(names = "--set", paramLabel = "DIR", defaultValue = "../shared/eval/hvb-callcenter-dev",
            description = "Speech to cut benchmark segments from (its manifest.tsv). Default: ${DEFAULT-VALUE}.")
    Path set;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON here.")
    Path json;

    @Option(names = "--hotwords", split = ",", arity = "0..1", fallbackValue = "0,10,200,2000", paramLabel = "COUNTS",
            description = {"Instead of the other figures: recognition cost with this many hot phrases (default 0,10,200,2000):",
                    "the tenant file's phrases, then unrelated distractors; greedy and beam 4 per model."})
    List<Integer> hotwordCounts;

    @Option(names = "--tenant-file", paramLabel = "FILE", defaultValue = "config/hotwords/harper-valley.yaml",
            description = "Hot phrases for --hotwords, taken first. Default: ${DEFAULT-VALUE}.")
    Path tenantFile;

    @Spec
    CommandSpec spec;

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private PrintWriter out;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        float[] speech = speechPool();
        out.printf(Locale.ROOT, "bench: %.0f s of speech from %s, median of %d runs, %d cores%n",
                speech.length / 16000.0, set, repeats, Runtime.getRuntime().availableProcessors());
        ModelOptions models = new ModelOptions();
        models.modelDir = modelDir;
        if (hotwordCounts != null) {
            hotwordCost(models, speech);
            return 0;
        }

        out.println("\nrecognizer real-time factor (processing time / audio time, greedy):");
        out.printf("%-16s %7s", "model", "threads");
        lengths.forEach(l -> out.printf("  %6ss", l));
        out.println();
        Map<String, Object> rtf = new LinkedHashMap<>();
        for (String id : modelIds) {
            for (int threads : threadCounts) {
                try (MoonshineRecognizer r = recognizer(models, id, threads, RecognizerConfig.GREEDY)) {
                    out.printf("%-16s %7d", id, threads);
                    for (int seconds : lengths) {
                        double value = medianRtf(r, List.of(cut(speech, seconds, 0)));
                        rtf.put(id + "/threads=" + threads + "/" + seconds + "s", value);
                        out.printf(Locale.ROOT, "  %7.3f", value);
                    }
                    out.println();
                }
            }
        }
        figures.put("rtf", rtf);

        int threads = threadCounts.get(threadCounts.size() - 1);
        out.printf(Locale.ROOT, "%nbeam search cost (5 s segments, %d threads):%n", threads);
        Map<String, Object> beam = new LinkedHashMap<>();
        for (String id : modelIds) {
            for (int width : new int[] {1, 4}) {
                try (MoonshineRecognizer r = recognizer(models, id, threads, RecognizerConfig.GREEDY.withBeamWidth(width))) {
                    double value = medianRtf(r, List.of(cut(speech, 5, 0)));
                    beam.put(id + "/beam=" + width, value);
                    out.printf(Locale.ROOT, "  %-16s beam %d  RTF %.3f%n", id, width, value);
                }
            }
        }
        figures.put("beam", beam);

        out.printf(Locale.ROOT, "%nrecognizer batching (equal-length 5 s segments, %d threads): audio seconds per wall second%n", threads);
        Map<String, Object> batching = new LinkedHashMap<>();
        for (String id : modelIds) {
            for (int batch : batches) {
                try (MoonshineRecognizer r = recognizer(models, id, threads, RecognizerConfig.GREEDY.withMaxBatch(batch))) {
                    List<float[]> clips = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        clips.add(cut(speech, 5, i * 5));
                    }
                    double value = 1 / medianRtf(r, clips);
                    batching.put(id + "/batch=" + batch, value);
                    out.printf(Locale.ROOT, "  %-16s batch %2d  %6.1f x real time%n", id, batch, value);
                }
            }
        }
        figures.put("batching", batching);

        out.println("\nSilero VAD cost (32 ms chunks of 16 kHz audio, streams batched into one call; the 8 kHz model on the audio halved,"
                + " as vad.model-rate: 8000 runs it):");
        Map<String, Object> vadCost = new LinkedHashMap<>();
        for (int modelRate : new int[] {16000, 8000}) {
            String model = modelRate == 16000 ? "" : "8 kHz model/";
            for (int t : threadCounts) {
                try (SileroVad vad = SileroVad.open(models.directory(ModelOptions.VAD_MODEL), 16000, modelRate, options(t))) {
                    for (int streams : vadStreams) {
                        double value = vadSecondsPerAudioSecond(vad, speech, streams);
                        vadCost.put(model + "threads=" + t + "/streams=" + streams, value);
                        out.printf(Locale.ROOT, "  %5d Hz model, threads %d, %3d streams per call: %.4f s per audio second per stream "
                                + "(real time for %.0f streams)%n", modelRate, t, streams, value, 1 / value);
                    }
                }
            }
        }
        figures.put("vadSecondsPerAudioSecond", vadCost);
        if (json != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), figures);
        }
        out.flush();
        return 0;
    }

    /**
     * Recognition time with hot-word sets of growing size on the same clips, one segment per model
     * call; the graph's compile time too (once per tenant version in the job).
     */
    private void hotwordCost(ModelOptions models, float[] speech) throws IOException {
        int threads = threadCounts.get(threadCounts.size() - 1);
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clips.add(cut(speech, 5, i * 5));
        }
        List<HotPhrase> tenant = HotwordSetFiles.read(tenantFile, HotwordLimits.DEFAULTS).phrases();
        out.printf(Locale.ROOT, "%nhot-word cost (4 clips of 5 s of HVB speech, %d threads): real-time factor, and relative to no hot words%n", threads);
        out.printf("%-16s %-7s", "model", "search");
        hotwordCounts.forEach(n -> out.printf("  %16s", n + " phrases"));
        out.println("  | compile ms, graph nodes");
        Map<String, Object> cost = new LinkedHashMap<>();
        for (String id : modelIds) {
            for (int width : new int[] {1, 4}) {
                try (MoonshineRecognizer r = recognizer(models, id, threads, RecognizerConfig.GREEDY.withBeamWidth(width).withMaxBatch(1))) {
                    HotwordCompiler compiler = new HotwordCompiler(r.vocabulary(), HotwordLimits.DEFAULTS);
                    String search = width == 1 ? "greedy" : "beam " + width;
                    out.printf("%-16s %-7s", id, search);
                    double none = 0;
                    StringBuilder compiles = new StringBuilder();
                    for (int n : hotwordCounts) {
                        DecodingBias bias = DecodingBias.NONE;
                        if (n > 0) {
                            List<HotPhrase> phrases = new ArrayList<>(tenant.subList(0, Math.min(n, tenant.size())));
                            HotwordDistractors.first(n - phrases.size()).forEach(t -> phrases.add(HotPhrase.of(t)));
                            HotwordSet set = HotwordSet.tenant("bench", n, phrases, HotwordLimits.DEFAULTS);
                            long t0 = System.nanoTime();
                            HotwordGraph graph = compiler.compile(set);
                            double ms = (System.nanoTime() - t0) / 1e6;
                            compiles.append(String.format(Locale.ROOT, " %d: %.0f ms, %d;", n, ms, graph.size()));
                            cost.put(id + "/" + search + "/compileMs/" + n, ms);
                            bias = graph;
                        }
                        double value = medianRtf(r, clips, Collections.nCopies(clips.size(), bias));
                        none = n == 0 ? value : none;
                        cost.put(id + "/" + search + "/rtf/" + n, value);
                        out.printf(Locale.ROOT, "  %7.3f %-8s", value, none > 0 && n > 0 ? String.format(Locale.ROOT, "(%.2fx)", value / none) : "");
                    }
                    out.println("  |" + compiles);
                    out.flush();
                }
            }
        }
        figures.put("hotwordCost", cost);
        if (json != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), figures);
        }
    }

    private InferenceOptions options(int threads) {
        return InferenceOptions.builder().provider(ExecutionProvider.valueOf(provider.toUpperCase(Locale.ROOT)))
                .intraOpThreads(threads).build();
    }

    private MoonshineRecognizer recognizer(ModelOptions models, String id, int threads, RecognizerConfig config) {
        return MoonshineRecognizer.builder().model(models.directory(id)).options(options(threads)).config(config).build();
    }

    /** Median over repeats of processing time / audio time, after one warm-up call. */
    private double medianRtf(MoonshineRecognizer r, List<float[]> clips) {
        return medianRtf(r, clips, Collections.nCopies(clips.size(), DecodingBias.NONE));
    }

    private double medianRtf(MoonshineRecognizer r, List<float[]> clips, List<DecodingBias> biases) {
        double audio = clips.stream().mapToDouble(c -> c.length / 16000.0).sum();
        r.recognizeAll(clips, biases);
        double[] runs = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.recognizeAll(clips, biases);
            runs[i] = (System.nanoTime() - t0) / 1e9 / audio;
        }
        Arrays.sort(runs);
        return runs[repeats / 2];
    }

    private double vadSecondsPerAudioSecond(SileroVad vad, float[] speech, int streams) {
        int chunk = vad.chunkSamples();
        int chunks = Math.min(speech.length / chunk, 32_000 / streams + 20);
        VadState[] states = new VadState[streams];
        float[][] audio = new float[streams][];
        int[] offsets = new int[streams];
        for (int s = 0; s < streams; s++) {
            states[s] = vad.newState();
            audio[s] = speech;
        }
        float[] out = new float[streams];
        double[] runs = new double[repeats];
        for (int rep = 0; rep < repeats; rep++) {
            long t0 = System.nanoTime();
            for (int c = 0; c < chunks; c++) {
                Arrays.fill(offsets, c * chunk);
                vad.probabilities(states, audio, offsets, streams, out);
            }
            runs[rep] = (System.nanoTime() - t0) / 1e9 / (chunks * (double) chunk / 16000) / streams;
        }
        Arrays.sort(runs);
        return runs[repeats / 2];
    }

    /** The set's segments joined: real conversational speech to cut benchmark clips from. */
    private float[] speechPool() {
        EvalAudio audio = new EvalAudio(ResamplerKind.SINC, TelephonyCondition.PCM);
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (EvalManifest.Entry e : EvalManifest.read(set.resolve("manifest.tsv"))) {
            float[] clip = audio.load(e.audio());
            parts.add(clip);
            total += clip.length;
        }
        float[] pool = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, pool, at, p.length);
            at += p.length;
        }
        return pool;
    }

    private static float[] cut(float[] pool, int seconds, int startSeconds) {
        int length = seconds * 16000;
        int from = (startSeconds * 16000) % Math.max(1, pool.length - length);
        return Arrays.copyOfRange(pool, from, from + length);
    }
}
