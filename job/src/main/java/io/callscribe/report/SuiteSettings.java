package io.callscribe.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmark suite runs: the model-layer bench, the accuracy runs, and the live job's load
 * levels. Start from {@link #builder(boolean)}: the full sizes the report is meant for, or a smoke
 * run of a few minutes.
 *
 * @param quick smoke-run sizes: the report then says its figures are not for planning
 * @param calls evaluation set with {@code manifest.tsv} (accuracy, bench speech) and {@code calls_manifest.tsv} (live calls)
 * @param modelDir model cache folder; null for the default
 * @param provider ONNX Runtime execution provider for every run: cpu, cuda or auto
 * @param models recognizers of the model bench and the accuracy runs
 * @param liveModel recognizer of the live job
 * @param legs the live job's load levels, in legs (two per call)
 * @param warmupLegs legs of an unreported live run first (JIT, models); 0 for none
 * @param segmentSeconds segment lengths of the real-time-factor bench
 * @param threads intra-op thread counts of the real-time-factor bench
 * @param batches recognizer batch sizes of the batching bench
 * @param vadStreams streams per VAD call of the VAD bench
 * @param repeats timed runs per bench cell (median reported)
 * @param evalLimit only the first N evaluation segments per condition; 0 for all
 * @param lossPercent packet loss of the lossy condition
 * @param jobSettings {@code key=value} overrides of the live job's settings
 */
public record SuiteSettings(boolean quick, Path calls, Path modelDir, String provider, List<String> models, String liveModel,
        List<Integer> legs, int warmupLegs, List<Integer> segmentSeconds, List<Integer> threads, List<Integer> batches,
        List<Integer> vadStreams, int repeats, int evalLimit, double lossPercent, List<String> jobSettings) {

    public static final Path DEFAULT_CALLS = Path.of("../shared/eval/hvb-callcenter-dev");

    /**
     * @param quick false: everything the report describes at the README's sizes (about 15 minutes on 2
     *     cores); true: one model, one segment length, five segments per condition, one live level of
     *     2 legs (one call, about a minute), no warm-up
     */
    public static Builder builder(boolean quick) {
        Builder b = new Builder();
        b.quick = quick;
        if (quick) {
            b.models = List.of("moonshine-tiny");
            b.legs = List.of(2);
            b.warmupLegs = 0;
            b.segmentSeconds = List.of(2);
            b.threads = List.of(1);
            b.batches = List.of(1);
            b.vadStreams = List.of(1);
            b.repeats = 1;
            b.evalLimit = 5;
        }
        return b;
    }

    /** Builds settings; every field starts at the chosen preset. */
    public static final class Builder {
        private boolean quick;
        private Path calls = DEFAULT_CALLS;
        private Path modelDir;
        private String provider = "auto";
        private List<String> models = List.of("moonshine-tiny", "moonshine-base");
        private String liveModel = "moonshine-tiny";
        private List<Integer> legs = List.of(8, 16, 24, 32, 40);
        private int warmupLegs = 4;
        private List<Integer> segmentSeconds = List.of(2, 5, 10, 20);
        private List<Integer> threads = List.of(1, 2);
        private List<Integer> batches = List.of(1, 4, 8);
        private List<Integer> vadStreams = List.of(1, 8, 32, 128);
        private int repeats = 3;
        private int evalLimit;
        private double lossPercent = 2;
        private List<String> jobSettings = List.of();

        private Builder() {}

        public Builder calls(Path value) {
            calls = value;
            return this;
        }

        public Builder modelDir(Path value) {
            modelDir = value;
            return this;
        }

        public Builder provider(String value) {
            provider = value;
            return this;
        }

        public Builder models(List<String> value) {
            models = List.copyOf(value);
            return this;
        }

        public Builder liveModel(String value) {
            liveModel = value;
            return this;
        }

        public Builder legs(List<Integer> value) {
            legs = List.copyOf(value);
            return this;
        }

        public Builder jobSettings(List<String> value) {
            jobSettings = List.copyOf(value);
            return this;
        }

        public SuiteSettings build() {
            if (models.isEmpty() || legs.isEmpty()) {
                throw new IllegalArgumentException("models and load levels must not be empty");
            }
            if (legs.stream().anyMatch(n -> n < 2 || n % 2 != 0)) {
                throw new IllegalArgumentException("load levels are legs of two-leg calls: even numbers of at least 2, got " + legs);
            }
            return new SuiteSettings(quick, calls, modelDir, provider, models, liveModel, legs, warmupLegs, segmentSeconds, threads,
                    batches, vadStreams, repeats, evalLimit, lossPercent, jobSettings);
        }
    }
}
