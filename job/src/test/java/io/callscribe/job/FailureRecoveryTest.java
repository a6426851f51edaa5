package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.CallSummary;
import io.callscribe.contract.Codec;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures in the middle of calls: a TaskManager lost, and the whole job cancelled and started
 * again from its last retained checkpoint. Either way a {@code read_committed} consumer sees the
 * final transcripts of the fault-free run, none lost, none doubled.
 *
 * <p>Two HVB dev calls (both legs, mu-law) go through {@link KafkaPipeline} on a mini-cluster
 * (RocksDB, incremental checkpoints every second, exactly-once sinks) over one in-process broker,
 * each run on its own topics ({@link KafkaTestRun}): first the fault-free reference, shared by the
 * tests, then each faulty run. In a faulty run the gateway writes the started events and the
 * first half of each call's frames; once a checkpoint has committed some of their finals, the fault
 * strikes, and the second half is written while the job is down or recovering. So utterances
 * open at the fault have audio in the restored state and in the input read after it, and
 * recognition requests in flight come back from the async operator's checkpointed queue. The ended
 * events follow once the job has read all audio, as a live gateway writes them (see
 * SavepointRestoreTest).
 *
 * <p>The network loses 2 % of the frames and repeats 1 %, but does not reorder them: the jitter
 * buffer waits for an overtaken frame on processing time, which a restart moves, so a frame
 * reordered across the restored checkpoint may be given up as lost (as it would be in a live
 * network stall), which is not a matter of recovery. One segment per model call
 * ({@code inference.max-batch=1}) makes recognition repeatable across runs.
 */
class FailureRecoveryTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String TENANT = "harper-valley";
    private static final String MODEL = "moonshine-tiny";
    private static final Impairments LOSS_WITHOUT_REORDERING = new Impairments(0.02, 0.01, 0);
    private static final int MAX_BATCH = 1;
    /** Bounds each wait on a job. */
    private static final Duration JOB_BUDGET = Duration.ofSeconds(150);

    @TempDir
    static Path tmp;

    private static EmbeddedKafka kafka;
    private static List<CallReplayer> calls;
    private static CommittedOutputs reference;
    /** Where the fault strikes in each call, by call ID: the first frame written after it. */
    private static final Map<String, Integer> splits = new TreeMap<>();
    /** The reference segments open at the fault: begun before it, ended in the input written after it. */
    private static final List<String> acrossTheFault = new ArrayList<>();
    /** A split must lie this far inside a reference utterance, so that the segment surely spans it. */
    private static final long INSIDE_MARGIN_MS = 400;
    /** The mini-cluster's TaskManager that runs the jobs now, by its index. */
    private static int liveTaskManager;

    @BeforeAll
    static void referenceRun() throws Exception {
        long begin = System.nanoTime();
        kafka = EmbeddedKafka.start();
        calls = new ArrayList<>();
        long seed = 31;
        for (String call : PipelineTestCalls.CALLS.subList(0, 2)) {
            calls.add(CallReplayer.builder().tenant(TENANT).callId(call)
                    .legs(PipelineTestCalls.channel(call, "agent"), PipelineTestCalls.channel(call, "caller"))
                    .codec(Codec.PCMU).impairments(LOSS_WITHOUT_REORDERING).seed(seed++).pacing(Pacing.AS_FAST_AS_POSSIBLE).build());
        }
        KafkaTestRun run = new KafkaTestRun(kafka, "reference", JOB_BUDGET);
        try (CommittedOutputs out = run.outputs()) {
            JobClient job = run.start(run.jobConfig(MODEL, MAX_BATCH, tmp.resolve("checkpoints-reference")), "fault-free");
            try {
                run.produce(job, FailureRecoveryTest::startCalls);
                run.produce(job, gateway -> calls.forEach(c -> c.frames().forEach(gateway::frame)));
                run.produce(job, FailureRecoveryTest::endCalls);
                out.pollUntil(o -> o.summaries.size() >= legs(), job, deadline(), "reference summaries");
                // The sinks commit one after another on the same checkpoint: give the last ones a moment.
                out.pollFor(Duration.ofSeconds(3));
            } finally {
                KafkaTestRun.cancel(job);
            }
            reference = out;
        }
        reference.assertEachFinalOnce("reference");
        assertEquals(legs(), reference.summaries.size(), "reference: one summary per leg: " + reference.summaries);
        System.out.printf("failure recovery: reference run, %d calls, %s: %d finals (%d non-empty), %d summaries, %.1f s%n",
                calls.size(), MODEL, reference.finals.size(), reference.nonEmptyFinals(), reference.summaries.size(), seconds(begin));
        for (CallReplayer c : calls) {
            int split = chooseSplit(c);
            splits.put(c.startedEvent().callId(), split);
            List<TranscriptSegment> open = spanning(c, split);
            open.forEach(f -> acrossTheFault.add(f.segmentId()));
            System.out.printf("  %s: the fault strikes after frame %d of %d, at %d ms, inside %s%n", c.startedEvent().callId(), split,
                    c.frames().size(), callTimeMs(c, split),
                    open.stream().map(f -> f.segmentId() + " [" + f.startMs() + ", " + f.endMs() + "] \"" + f.text() + "\"").toList());
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * The TaskManager running the job goes away mid-calls; another one joins, and the restart
     * strategy brings the job back from its last completed checkpoint.
     */
    @Test
    void aTaskManagerLostMidCallsIsRecoveredFromTheLastCheckpointWithTheFaultFreeFinals(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        long begin = System.nanoTime();
        KafkaTestRun run = new KafkaTestRun(kafka, "taskmanager-lost", JOB_BUDGET);
        Configuration conf = run.jobConfig(MODEL, MAX_BATCH, tmp.resolve("checkpoints-taskmanager-lost"));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        int finalsBeforeFault;
        RestoredCheckpointStats restoredFrom;
        try (CommittedOutputs out = run.outputs()) {
            JobClient job = run.start(conf, "job");
            try {
                run.produce(job, FailureRecoveryTest::startCalls);
                run.produce(job, FailureRecoveryTest::firstHalves);
                out.pollUntil(o -> !o.finals.isEmpty(), job, deadline(), "a final committed before the fault");
                finalsBeforeFault = out.finals.size();
                cluster.terminateTaskManager(liveTaskManager).get(60, TimeUnit.SECONDS);
                try (KafkaReplaySink gateway = run.gateway()) {
                    secondHalves(gateway);
                }
                cluster.startTaskManager();
                liveTaskManager++;
                run.awaitSourceRead(job);
                run.produce(job, FailureRecoveryTest::endCalls);
                out.pollUntil(o -> o.summaries.size() >= legs(), job, deadline(), "summaries after the recovery");
                out.pollFor(Duration.ofSeconds(3));
                AccessExecutionGraph graph = cluster.getExecutionGraph(job.getJobID()).get(10, TimeUnit.SECONDS);
                assertTrue(graph.getStatusTimestamp(JobStatus.RESTARTING) > 0, "the job restarted");
                restoredFrom = graph.getCheckpointStatsSnapshot().getLatestRestoredCheckpoint();
            } finally {
                KafkaTestRun.cancel(job);
            }
            assertNotNull(restoredFrom, "the job was restored from a checkpoint");
            System.out.printf("failure recovery: TaskManager lost after %d committed finals, restored from checkpoint %d: "
                            + "%d finals, %.1f s%n", finalsBeforeFault, restoredFrom.getCheckpointId(), out.finals.size(), seconds(begin));
            assertSameFinalsAsReference(out, finalsBeforeFault, "TaskManager lost");
        }
    }

    /**
     * The whole job is cancelled mid-calls and submitted again from its last retained checkpoint
     * ({@code execution.state-recovery.path}), as after a redeploy without a savepoint.
     */
    @Test
    void theWholeJobRestartedFromItsLastRetainedCheckpointWritesTheFaultFreeFinals() throws Exception {
        long begin = System.nanoTime();
        KafkaTestRun run = new KafkaTestRun(kafka, "job-restarted", JOB_BUDGET);
        Path checkpoints = tmp.resolve("checkpoints-job-restarted");
        int finalsBeforeFault;
        Path latest;
        try (CommittedOutputs out = run.outputs()) {
            JobClient jobA = run.start(retainingCheckpoints(run.jobConfig(MODEL, MAX_BATCH, checkpoints)), "job A");
            try {
                run.produce(jobA, FailureRecoveryTest::startCalls);
                run.produce(jobA, FailureRecoveryTest::firstHalves);
                out.pollUntil(o -> !o.finals.isEmpty(), jobA, deadline(), "a final committed before the fault");
            } finally {
                KafkaTestRun.cancel(jobA);
            }
            assertEquals(JobStatus.CANCELED, awaitTerminalState(jobA));
            out.pollFor(Duration.ofSeconds(2));
            finalsBeforeFault = out.finals.size();
            latest = latestCheckpoint(checkpoints.resolve(jobA.getJobID().toHexString()));
            try (KafkaReplaySink gateway = run.gateway()) {
                secondHalves(gateway);
            }
            Configuration confB = retainingCheckpoints(run.jobConfig(MODEL, MAX_BATCH, checkpoints));
            confB.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.toUri().toString());
            JobClient jobB = run.start(confB, "job B");
            try {
                run.awaitSourceRead(jobB);
                run.produce(jobB, FailureRecoveryTest::endCalls);
                out.pollUntil(o -> o.summaries.size() >= legs(), jobB, deadline(), "summaries of the restarted job");
                out.pollFor(Duration.ofSeconds(3));
            } finally {
                KafkaTestRun.cancel(jobB);
            }
            System.out.printf("failure recovery: job cancelled after %d committed finals, restarted from %s: %d finals, %.1f s%n",
                    finalsBeforeFault, tmp.relativize(latest), out.finals.size(), seconds(begin));
            assertSameFinalsAsReference(out, finalsBeforeFault, "job restarted");
        }
    }

    private static JobStatus awaitTerminalState(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        while (!status.isGloballyTerminalState() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        }
        return status;
    }

    /** Checkpoints kept when the job is cancelled, as the Helm chart sets it: what a restart resumes from. */
    private static Configuration retainingCheckpoints(Configuration conf) {
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        return conf;
    }

    /** The completed checkpoint ({@code chk-N} with its metadata) of highest N in a job's checkpoint folder. */
    private static Path latestCheckpoint(Path jobCheckpoints) throws IOException {
        try (Stream<Path> dirs = Files.list(jobCheckpoints)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                    .max((a, b) -> Long.compare(checkpointNumber(a), checkpointNumber(b)))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint retained in " + jobCheckpoints));
        }
    }

    private static long checkpointNumber(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }

    // ---- the calls, as the gateway writes them ----

    private static int legs() {
        return 2 * calls.size();
    }

    private static void startCalls(KafkaReplaySink gateway) {
        calls.forEach(c -> gateway.callStarted(c.startedEvent()));
    }

    private static void firstHalves(KafkaReplaySink gateway) {
        calls.forEach(c -> c.frames().subList(0, splits.get(c.startedEvent().callId())).forEach(gateway::frame));
    }

    private static void secondHalves(KafkaReplaySink gateway) {
        calls.forEach(c -> c.frames().subList(splits.get(c.startedEvent().callId()), c.frames().size()).forEach(gateway::frame));
    }

    private static void endCalls(KafkaReplaySink gateway) {
        calls.forEach(c -> gateway.callEnded(c.endedEvent()));
    }

    /**
     * The frame nearest the call's middle that lies inside a non-empty reference final of either leg,
     * so that a segment is open at the fault. With no reordering every frame index is a clean cut.
     */
    private static int chooseSplit(CallReplayer call) {
        int n = call.frames().size();
        for (int d = 0; d < n / 4; d++) {
            for (int i : new int[] {n / 2 + d, n / 2 - d}) {
                if (!spanning(call, i).isEmpty()) {
                    return i;
                }
            }
        }
        throw new AssertionError("no reference utterance near the middle of " + call.startedEvent().callId() + ": "
                + reference.finals.stream().filter(f -> f.callId().equals(call.startedEvent().callId())).map(CommittedOutputs::bounds).toList());
    }

    /** The frame's capture time on the call's clock, where transcript times lie. */
    private static long callTimeMs(CallReplayer call, int frame) {
        return call.frames().get(frame).capturedAtMs() - call.startedEvent().timestampMs();
    }

    /** The reference's non-empty finals of the call that the frame lies well inside of. */
    private static List<TranscriptSegment> spanning(CallReplayer call, int frame) {
        long t = callTimeMs(call, frame);
        return reference.finals.stream().filter(f -> f.callId().equals(call.startedEvent().callId()) && !f.text().isEmpty()
                && f.startMs() + INSIDE_MARGIN_MS <= t && t <= f.endMs() - INSIDE_MARGIN_MS).toList();
    }

    // ---- comparing ----

    private static void assertSameFinalsAsReference(CommittedOutputs out, int finalsBeforeFault, String run) {
        assertTrue(finalsBeforeFault > 0, run + ": finals committed before the fault");
        assertTrue(out.finals.size() > finalsBeforeFault, run + ": finals committed after the recovery");
        out.assertEachFinalOnce(run);
        String differences = reference.differenceTo(out);
        if (!differences.isEmpty()) {
            System.out.println("  finals that differ (segment: reference | " + run + "): " + differences);
        }
        assertEquals(reference.finalsById(TranscriptSegment::text).keySet(), out.finalsById(TranscriptSegment::text).keySet(),
                run + ": the same segments: " + differences);
        assertEquals(reference.finalsById(CommittedOutputs::bounds), out.finalsById(CommittedOutputs::bounds),
                run + ": the same segment bounds and revisions: " + differences);
        assertEquals(reference.finalsById(TranscriptSegment::text), out.finalsById(TranscriptSegment::text),
                run + ": the same final texts: " + differences);
        assertEquals(summaryTexts(reference), summaryTexts(out), run + ": the same summaries");
        List<String> committedAfter = out.finals.subList(finalsBeforeFault, out.finals.size()).stream()
                .map(TranscriptSegment::segmentId).toList();
        for (String id : acrossTheFault) {
            assertTrue(committedAfter.contains(id), run + ": the segment open at the fault, " + id + ", committed after the recovery");
        }
    }

    private static Map<String, String> summaryTexts(CommittedOutputs out) {
        Map<String, String> texts = new TreeMap<>();
        for (CallSummary s : out.summaries) {
            assertEquals(null, texts.put(s.callId() + "/" + s.leg().wireName(), s.segments() + " segments: " + s.text()),
                    "one summary per leg: " + out.summaries);
        }
        return texts;
    }

    private static long deadline() {
        return System.nanoTime() + JOB_BUDGET.toNanos();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
