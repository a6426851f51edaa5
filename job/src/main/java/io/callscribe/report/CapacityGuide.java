package io.callscribe.report;

import io.callscribe.bench.LiveBench;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import io.callscribe.contract.codec.AudioFrameCodec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Sizing derived from measured figures only. The basis is the largest live load level that kept up:
 * its job CPU per leg-second {@code c} gives legs per core {@code 1/c}; capacity is planned at
 * {@link #TARGET_UTILISATION} of a core; no Flink subtask is planned above the legs one subtask
 * carried there (the bench runs the job at parallelism 1). Memory per leg is the heap slope over the
 * load levels (or an upper bound from one level) plus checkpointed state per open leg. Where a figure
 * was not measured the guide says so and derives nothing from it.
 *
 * @param basis the load level the CPU and parallelism figures come from; null when no level kept up
 * @param heapPerLegBytes live heap per leg; null when not measured
 * @param heapMethod how {@code heapPerLegBytes} was obtained, or why it is missing
 * @param statePerLegBytes keyed state per open leg (full checkpoint size / legs); null when no checkpoint completed
 * @param frameBytes one binary {@code call-audio} frame: 20 ms of PCMU with a UUID call ID and a 10-character tenant
 * @param rows one per planned call count
 * @param perGpu legs per GPU, or why it is not given
 */
public record CapacityGuide(Basis basis, Double heapPerLegBytes, String heapMethod, Double statePerLegBytes, int frameBytes,
        List<Row> rows, String perGpu) {

    /** Plan each core to 70 % busy: headroom for bursts of speech, checkpoints, GC and a failed TaskManager's legs. */
    public static final double TARGET_UTILISATION = 0.7;
    public static final int LEGS_PER_CALL = 2;
    /** RTP packets of 20 ms. */
    public static final int FRAMES_PER_SECOND = 50;
    /**
     * {@code call-audio} partitions per source subtask. A subtask reads whole partitions, so fewer
     * partitions than subtasks idles some; twice as many lets the job scale out to double parallelism
     * without adding partitions, which would move calls (keyed by call ID) between partitions mid-call.
     */
    public static final int AUDIO_PARTITIONS_PER_SUBTASK = 2;
    public static final List<Integer> CALL_COUNTS = List.of(100, 1_000, 10_000);

    /** The load level capacity is derived from. */
    public record Basis(int legs, double jobCpuPerLegSecond, boolean highestLevelTried) {

        public double legsPerCore() {
            return 1 / jobCpuPerLegSecond;
        }

        public double plannedLegsPerCore() {
            return TARGET_UTILISATION * legsPerCore();
        }
    }

    /**
     * Sizing for a number of concurrent calls; the derived fields are null where their input was not measured.
     *
     * @param audioBytesPerSecond binary frames into {@code call-audio}, before Kafka's record and batch overhead
     */
    public record Row(int calls, int legs, Integer cores, Integer parallelism, Integer audioPartitions, Double heapBytes,
            Double stateBytes, double audioBytesPerSecond) {}

    public static CapacityGuide of(PerformanceFigures figures) {
        List<PerformanceFigures.LoadLevel> levels = figures.load();
        Basis basis = basis(levels);
        Double statePerLeg = null;
        Double heapPerLeg = null;
        String heapMethod;
        List<PerformanceFigures.LoadLevel> withCheckpoint = levels.stream().filter(l -> l.checkpointPeakBytes() > 0)
                .sorted(Comparator.comparingInt(l -> l.bench().legs())).toList();
        if (!withCheckpoint.isEmpty()) {
            PerformanceFigures.LoadLevel largest = withCheckpoint.get(withCheckpoint.size() - 1);
            statePerLeg = largest.checkpointPeakBytes() / (double) largest.bench().legs();
        }
        List<PerformanceFigures.LoadLevel> withHeap = levels.stream().filter(l -> l.heapPeakAfterGcBytes() > 0)
                .sorted(Comparator.comparingInt(l -> l.bench().legs())).toList();
        Double slope = withHeap.stream().map(l -> l.bench().legs()).distinct().count() >= 2 ? slope(withHeap) : null;
        if (slope != null && slope > 0) {
            heapPerLeg = slope;
            heapMethod = "slope of live heap (after GC) over " + withHeap.size() + " load levels";
        } else if (!withHeap.isEmpty()) {
            PerformanceFigures.LoadLevel largest = withHeap.get(withHeap.size() - 1);
            heapPerLeg = largest.heapGrowthBytes() / (double) largest.bench().legs();
            heapMethod = "upper bound: heap growth at " + largest.bench().legs() + " legs / legs (includes the job's fixed heap; "
                    + (slope == null ? "one load level" : "no growth with load") + ")";
        } else {
            heapMethod = "not measured: no garbage collection ran during the load levels";
        }
        int frameBytes = binaryFrameBytes();
        List<Row> rows = new ArrayList<>();
        for (int calls : CALL_COUNTS) {
            int legs = calls * LEGS_PER_CALL;
            Integer cores = null;
            Integer parallelism = null;
            Integer partitions = null;
            if (basis != null) {
                cores = (int) Math.ceil(legs / basis.plannedLegsPerCore());
                parallelism = (int) Math.ceil(legs / (double) basis.legs());
                partitions = AUDIO_PARTITIONS_PER_SUBTASK * parallelism;
            }
            rows.add(new Row(calls, legs, cores, parallelism, partitions, heapPerLeg == null ? null : legs * heapPerLeg,
                    statePerLeg == null ? null : legs * statePerLeg, (double) legs * FRAMES_PER_SECOND * frameBytes));
        }
        return new CapacityGuide(basis, heapPerLeg, heapMethod, statePerLeg, frameBytes, rows, perGpu(figures, basis));
    }

    private static Basis basis(List<PerformanceFigures.LoadLevel> levels) {
        int highest = levels.stream().mapToInt(l -> l.bench().legs()).max().orElse(0);
        return levels.stream().map(PerformanceFigures.LoadLevel::bench).filter(LiveBench.Result::keptUp)
                .max(Comparator.comparingInt(LiveBench.Result::legs))
                .map(r -> new Basis(r.legs(), r.jobSeconds() / r.audioSeconds(), r.legs() == highest)).orElse(null);
    }

    /** Least-squares slope of heap growth over legs. */
    private static double slope(List<PerformanceFigures.LoadLevel> levels) {
        double meanX = levels.stream().mapToDouble(l -> l.bench().legs()).average().orElseThrow();
        double meanY = levels.stream().mapToDouble(PerformanceFigures.LoadLevel::heapGrowthBytes).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (PerformanceFigures.LoadLevel l : levels) {
            double dx = l.bench().legs() - meanX;
            sxy += dx * (l.heapGrowthBytes() - meanY);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /** Legs per GPU only from a live run whose recognizer ran on CUDA; nothing is extrapolated from the CPU. */
    private static String perGpu(PerformanceFigures figures, Basis basis) {
        String active = figures.setup() == null ? "" : String.valueOf(figures.setup().activeProvider());
        if (!active.contains("cuda")) {
            return "not measured here: these runs had no GPU (recognizer provider: " + (active.isEmpty() ? "unknown" : active) + ")";
        }
        if (basis == null) {
            return "not derivable: no load level kept up on the GPU";
        }
        return (basis.highestLevelTried() ? "at least " : "") + basis.legs() + " (largest level that kept up on one GPU)";
    }

    private static int binaryFrameBytes() {
        AudioFrame frame = new AudioFrame("tenant-001", UUID.nameUUIDFromBytes(new byte[0]).toString(), Leg.AGENT, 1, 0, 0, Codec.PCMU,
                8000, new byte[8000 / FRAMES_PER_SECOND], 0);
        return new AudioFrameCodec().encode(frame).length;
    }
}
