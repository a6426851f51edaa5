package io.callscribe.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.bench.LiveBench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every raw figure of one benchmark-suite run: what {@code figures.json} holds and what the report
 * is rendered from, so a report can be drawn again without running anything.
 *
 * @param modelBench {@code callscribe bench --json} as written (rtf, beam, batching, VAD cost); null when not run
 * @param accuracy WER per model and telephony condition; empty when not run
 * @param load the live job per load level; empty when not run
 */
public record PerformanceFigures(int version, Setup setup, JsonNode modelBench, List<Accuracy> accuracy, List<LoadLevel> load) {

    /** Version of this layout; raised when a field changes meaning. */
    public static final int VERSION = 1;

    public PerformanceFigures {
        accuracy = accuracy == null ? List.of() : List.copyOf(accuracy);
        load = load == null ? List.of() : List.copyOf(load);
    }

    /**
     * Where and how the figures were measured.
     *
     * @param provider the execution provider asked for ({@code cpu}, {@code cuda}, {@code auto})
     * @param activeProvider the one the recognizer actually ran on
     * @param jobSettings job settings overridden for the live runs
     */
    public record Setup(String measuredAt, int cores, long maxHeapBytes, String java, String os, boolean quick,
            List<String> models, String liveModel, String provider, String activeProvider, Map<String, String> jobSettings) {}

    /** Pooled WER of one model on the evaluation set under one telephony condition (oracle segments, greedy). */
    public record Accuracy(String model, String condition, double wer, long errors, long referenceWords, double audioSeconds,
            int utterances, int failures) {}

    /**
     * One load level of the live job, with the memory seen around it.
     *
     * @param heapBaselineBytes heap in use after a full GC before the level started
     * @param heapPeakAfterGcBytes the most heap in use right after any GC during the level (live data,
     *     of the job, the in-process broker and the load generator together); 0 when no GC ran
     * @param checkpointPeakBytes the largest full size of a completed checkpoint during the level (all
     *     keyed state of the open legs, RocksDB); 0 when none completed
     */
    public record LoadLevel(LiveBench.Result bench, long heapBaselineBytes, long heapPeakAfterGcBytes, long checkpointPeakBytes) {

        /** Heap the level added over the baseline; 0 when no GC was seen. */
        public long heapGrowthBytes() {
            return heapPeakAfterGcBytes == 0 ? 0 : Math.max(0, heapPeakAfterGcBytes - heapBaselineBytes);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            // figures written by an older build stay readable when a result gains a field, and the other way round
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static PerformanceFigures read(Path file) {
        try {
            PerformanceFigures figures = JSON.readValue(file.toFile(), PerformanceFigures.class);
            if (figures.version() != VERSION) {
                throw new IllegalArgumentException(file + ": figures version " + figures.version() + ", this build reads " + VERSION);
            }
            return figures;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read figures " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figures " + file + ": " + e.getMessage(), e);
        }
    }
}
