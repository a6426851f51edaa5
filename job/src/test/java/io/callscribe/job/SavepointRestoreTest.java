package io.callscribe.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.Codec;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.eval.EvalData;
import io.callscribe.kafka.DefaultTopics;
import io.callscribe.kafka.EmbeddedKafka;
import io.callscribe.kafka.TopicSpec;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.KafkaReplaySink;
import io.callscribe.replay.Pacing;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Stop with a savepoint in the middle of the calls, restore, continue: the final transcripts are
 * those of the uninterrupted run, none lost and none doubled.
 *
 * <p>Two HVB dev calls (impaired mu-law frames, built once so both runs get the very same records)
 * go through {@link KafkaPipeline} twice on one in-process broker, each run on its own topics,
 * consumer group and transactional-ID prefix, read back with {@code read_committed} consumers:
 * <ol>
 *   <li>the reference: one job from start to end over the started events, all frames, the ended
 *       events;</li>
 *   <li>the interrupted run: the started events and each call's frames up to a split point near
 *       its middle, job A until it has read all of that and committed some finals, then
 *       stop-with-savepoint (no drain); then the rest of the frames, job B restored from the
 *       savepoint, and the ended events.</li>
 * </ol>
 * As a live gateway does, each call's started event is written before its audio and its ended event
 * after the job has read the audio. (Written all at once, the small events topic is read far ahead
 * of the audio backlog; see KafkaJobEndToEndTest for that case.)
 * The split is chosen from the reference's finals to lie inside an utterance (so a segment's audio
 * is half in job A's state and half in job B's input), and where no frame of a leg is reordered
 * across it: a frame overtaken by one of the first half would be given up as lost while the input
 * pauses, which is what a live call whose network stalls gets too, not a matter of restoring.
 */
class SavepointRestoreTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String TENANT = "harper-valley";
    private static final String MODEL = "moonshine-tiny";
    private static final Impairments NETWORK = new Impairments(0.02, 0.01, 40);
    /**
     * Most segments per model call, in both runs. Greedy decoding of clips of different length batched
     * together zero-pads the shorter ones, so a segment's text may depend on which neighbours it was
     * batched with, and the two runs batch differently (job A's queue is cut off by the savepoint,
     * job B starts with the restored requests). One segment per call isolates state restore from
     * batching; a batching difference is a separate matter (see BatchingConsistencyTest). Measured
     * with 8 ({@code -DsavepointTest.maxBatch=8}): 3 of 21 finals differed in text at identical bounds
     * and revisions, two of them finished by job A before the savepoint (e.g.
     * 0002f70f7386445b/customer/216960 "Learning a patricia brown." vs "Mine in a patricia brown,").
     */
    private static final int MAX_BATCH = Integer.getInteger("savepointTest.maxBatch", 1);
    /** Bounds each wait on a job. */
    private static final Duration JOB_BUDGET = Duration.ofSeconds(150);
    /** The split must be this far inside a reference utterance, so that the segment surely spans it. */
    private static final long INSIDE_MARGIN_MS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static long testBegin;

    private static void mark(String what) {
        System.out.printf("  %6.1f s %s%n", seconds(testBegin), what);
    }

    /** Job A stops once it has read the first half; job B starts right after the second half is written. */
    @Test
    void stoppedWithASavepointMidCallAndRestoredTheJobWritesTheUninterruptedRunsTranscripts() throws Exception {
        stopRestoreAndCompare(null, Duration.ZERO);
    }

    /**
     * The same with the job down for longer than {@code segmentation.idle-timeout} (as after a slow
     * redeploy or a restore the next morning; 20 s here stands for the default minute). Restored
     * idle timers fire at once with their old timestamps, before any frame is read: counted from the
     * last frame before the outage, every open leg would end as idle, the rest of its audio
     * dead-lettered as {@code frame-after-call-end} and the segment across the savepoint cut at the
     * split (measured before quiet was counted from the operator's start: 2605 frames of
     * 0091a706bc604188, "My checking account." became "I, checking the toilet." and its later
     * finals were missing). The idle timeout must stay well above the time from a leg's last frame
     * to its ended event being read (up to ~10 s here: the event is written once a checkpoint has
     * committed the audio's offsets); below that, a leg ends as idle in either run by chance.
     */
    @Test
    @Disabled("flaky on the shared 2-core machine: with a 20 s idle timeout a leg sometimes ends as idle before its "
            + "ended event is read, in either run; the fix it checks (quiet counted from the operator's start) is in "
            + "SegmentationOperator; needs an idle timeout decoupled from the event delay")
    void aDowntimeLongerThanTheIdleTimeoutDoesNotEndTheOpenLegs() throws Exception {
        stopRestoreAndCompare(Duration.ofSeconds(20), Duration.ofSeconds(25));
    }

    /**
     * @param idleTimeout {@code segmentation.idle-timeout} of every job, null for the default
     * @param downtime how long no job runs between job A's savepoint and job B's start, beyond what the test itself takes
     */
    private void stopRestoreAndCompare(Duration idleTimeout, Duration downtime) throws Exception {
        long begin = System.nanoTime();
        testBegin = begin;
        List<String> calls = PipelineTestCalls.CALLS.subList(0, 2);
        Map<String, CallReplayer> replayers = new LinkedHashMap<>();
        long seed = 11;
        for (String call : calls) {
            replayers.put(call, CallReplayer.builder().tenant(TENANT).callId(call)
                    .legs(PipelineTestCalls.channel(call, "agent"), PipelineTestCalls.channel(call, "caller"))
                    .codec(Codec.PCMU).impairments(NETWORK).seed(seed++).pacing(Pacing.AS_FAST_AS_POSSIBLE).build());
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            createTopics(kafka, "ref");
            createTopics(kafka, "sp");
            String bootstrap = kafka.bootstrapServers();

            mark("broker and calls ready");
            // ---- the reference: one job over all of the input ----
            long refBegin = System.nanoTime();
            Output ref;
            try (Output out = new Output(bootstrap, "ref")) {
                ref = out;
                JobClient job = startJob(jobConfig(kafka, "ref", tmp.resolve("checkpoints-ref"), idleTimeout), "reference");
                try {
                    produce(bootstrap, "ref", job, gateway -> replayers.values().forEach(r -> gateway.callStarted(r.startedEvent())));
                    produce(bootstrap, "ref", job, gateway -> replayers.values().forEach(r -> r.frames().forEach(gateway::frame)));
                    mark("reference: frames read");
                    produce(bootstrap, "ref", job, gateway -> replayers.values().forEach(r -> gateway.callEnded(r.endedEvent())));
                    mark("reference: ended events read");
                    out.pollUntil(o -> o.summaries.size() >= 2 * calls.size(), job, "reference summaries");
                    mark("reference: summaries");
                    out.pollFor(Duration.ofSeconds(3));
                } finally {
                    cancel(job);
                }
            }
            double refSeconds = seconds(refBegin);
            assertEachFinalOnce(ref, "reference");
            assertEquals(2 * calls.size(), ref.summaries.size(), "reference: one summary per leg: " + ref.summaries);

            // ---- where to stop: inside an utterance, with no frame reordered across the split ----
            Map<String, Split> splits = new LinkedHashMap<>();
            for (CallReplayer r : replayers.values()) {
                splits.put(r.startedEvent().callId(), chooseSplit(r, ref.finals));
            }
            splits.forEach((call, s) -> System.out.printf("split %s at frame %d of %d (legs at %s ms)%s%n", call, s.index,
                    replayers.get(call).frames().size(), s.legTimeMs, s.spanning.isEmpty() ? ", in a pause of both legs"
                            : ", inside " + s.spanning.stream().map(f -> f.segmentId() + " [" + f.startMs() + ", " + f.endMs()
                            + "] \"" + f.text() + "\"").toList()));
            assertTrue(splits.values().stream().anyMatch(s -> !s.spanning.isEmpty()),
                    "a split inside an utterance: " + splits);

            // ---- the interrupted run ----
            long spBegin = System.nanoTime();
            Output restored;
            String savepoint;
            int finalsBeforeSavepoint;
            double stopSeconds;
            double jobASeconds;
            try (Output out = new Output(bootstrap, "sp")) {
                restored = out;
                Configuration confA = jobConfig(kafka, "sp", tmp.resolve("checkpoints-a"), idleTimeout);
                JobClient jobA = startJob(confA, "job A");
                boolean stopped = false;
                try {
                    produce(bootstrap, "sp", jobA, gateway -> replayers.values().forEach(r -> gateway.callStarted(r.startedEvent())));
                    produce(bootstrap, "sp", jobA, gateway -> replayers.values().forEach(r ->
                            r.frames().subList(0, splits.get(r.startedEvent().callId()).index).forEach(gateway::frame)));
                    mark("job A: first half read");
                    out.pollUntil(o -> !o.finals.isEmpty(), jobA, "a final committed by job A");
                    mark("job A: a final committed");
                    long stopBegin = System.nanoTime();
                    savepoint = jobA.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(),
                            SavepointFormatType.CANONICAL).get(120, TimeUnit.SECONDS);
                    jobA.getJobExecutionResult().get(60, TimeUnit.SECONDS);
                    stopped = true;
                    stopSeconds = seconds(stopBegin);
                } finally {
                    if (!stopped) {
                        cancel(jobA);
                    }
                }
                jobASeconds = seconds(spBegin);
                // What job A committed, the savepoint's transactions included.
                out.pollFor(Duration.ofSeconds(2));
                finalsBeforeSavepoint = out.finals.size();
                List<CallSummary> summariesBefore = List.copyOf(out.summaries);

                Thread.sleep(downtime.toMillis());
                // The rest of the calls reaches Kafka while no job runs.
                try (KafkaReplaySink gateway = new KafkaReplaySink(bootstrap, topic("sp", DefaultTopics.CALL_AUDIO),
                        topic("sp", DefaultTopics.CALL_EVENTS))) {
                    for (CallReplayer r : replayers.values()) {
                        r.frames().subList(splits.get(r.startedEvent().callId()).index, r.frames().size()).forEach(gateway::frame);
                    }
                }
                Configuration confB = jobConfig(kafka, "sp", tmp.resolve("checkpoints-b"), idleTimeout);
                confB.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
                JobClient jobB = startJob(confB, "job B");
                try {
                    awaitSourceRead(bootstrap, "sp", jobB);
                    mark("job B: second half read");
                    produce(bootstrap, "sp", jobB, gateway -> replayers.values().forEach(r -> gateway.callEnded(r.endedEvent())));
                    out.pollUntil(o -> o.summaries.size() >= 2 * calls.size(), jobB, "restored run's summaries");
                    mark("job B: summaries");
                    out.pollFor(Duration.ofSeconds(3));
                } finally {
                    cancel(jobB);
                }
                assertTrue(summariesBefore.isEmpty(), "no leg ended before the savepoint: " + summariesBefore);
            }
            double spSeconds = seconds(spBegin);

            // ---- the comparison ----
            System.out.printf("savepoint restore, %d HVB dev calls (mu-law, 2%% loss, 1%% duplicates, 40 ms jitter), %s, "
                            + "max batch %d: reference %d finals (%d non-empty), %d summaries in %.1f s; interrupted run %d finals "
                            + "(%d committed by job A, %d by job B), %d summaries in %.1f s (job A %.1f s incl. stop-with-savepoint "
                            + "%.1f s); dead letters %s / %s; %.1f s in all; savepoint %s (key %s)%n",
                    calls.size(), MODEL, MAX_BATCH, ref.finals.size(), nonEmpty(ref.finals), ref.summaries.size(), refSeconds,
                    restored.finals.size(), finalsBeforeSavepoint, restored.finals.size() - finalsBeforeSavepoint,
                    restored.summaries.size(), spSeconds, jobASeconds, stopSeconds, deadLetterCounts(ref),
                    deadLetterCounts(restored), seconds(begin), savepoint, StateRecoveryOptions.SAVEPOINT_PATH.key());

            assertTrue(finalsBeforeSavepoint > 0, "job A committed finals before the savepoint");
            assertTrue(restored.finals.size() > finalsBeforeSavepoint, "job B committed finals after the restore");
            assertEachFinalOnce(restored, "interrupted run");
            // Job A's finals cannot hold audio from after the split: that audio was not in Kafka yet.
            for (TranscriptSegment f : restored.finals.subList(0, finalsBeforeSavepoint)) {
                Split s = splits.get(f.callId());
                assertTrue(f.endMs() <= s.legTimeMs.get(f.leg()) + 100, "job A's final ends after the split: " + f + " " + s);
            }

            String differences = difference(ref.finals, restored.finals);
            if (!differences.isEmpty()) {
                System.out.println("  finals that differ (segment: reference | interrupted run): " + differences);
            }
            Map<String, String> refTexts = finalsById(ref.finals, TranscriptSegment::text);
            Map<String, String> restoredTexts = finalsById(restored.finals, TranscriptSegment::text);
            assertEquals(refTexts.keySet(), restoredTexts.keySet(), "the same segments: " + differences);
            assertEquals(finalsById(ref.finals, SavepointRestoreTest::bounds), finalsById(restored.finals, SavepointRestoreTest::bounds),
                    "the same segment bounds and revisions: " + differences);
            assertEquals(refTexts, restoredTexts, "the same final texts: " + differences);
            // The segments that span the savepoint: begun in job A's state, ended in job B's input.
            for (Split s : splits.values()) {
                for (TranscriptSegment spanning : s.spanning) {
                    TranscriptSegment after = restored.finals.stream().filter(f -> f.segmentId().equals(spanning.segmentId()))
                            .findFirst().orElse(null);
                    assertNotNull(after, "the segment across the savepoint " + spanning.segmentId());
                    assertTrue(restored.finals.indexOf(after) >= finalsBeforeSavepoint, "committed by job B: " + after);
                    System.out.printf("  across the savepoint: %s [%d, %d] \"%s\"%n", after.segmentId(), after.startMs(),
                            after.endMs(), after.text());
                }
            }

            Map<String, CallSummary> refSummaries = summariesByLeg(ref.summaries);
            Map<String, CallSummary> restoredSummaries = summariesByLeg(restored.summaries);
            assertEquals(refSummaries.keySet(), restoredSummaries.keySet(), "one summary per leg");
            for (Map.Entry<String, CallSummary> e : refSummaries.entrySet()) {
                CallSummary a = e.getValue();
                CallSummary b = restoredSummaries.get(e.getKey());
                System.out.printf("  %s: %d segments, %s / %s, \"%s\"%n", e.getKey(), b.segments(), a.endedBy(), b.endedBy(), b.text());
                assertEquals(a.text(), b.text(), "summary text of " + e.getKey());
                assertEquals(a.segments(), b.segments(), "summary segments of " + e.getKey());
                assertEquals(a.talkTimeMs(), b.talkTimeMs(), "summary talk time of " + e.getKey());
                assertEquals("event", b.endedBy(), b.toString());
            }
            assertEquals(ref.deadLetters.stream().map(d -> d.key() + ":" + d.reason()).sorted().toList(),
                    restored.deadLetters.stream().map(d -> d.key() + ":" + d.reason()).sorted().toList(), "dead letters");
        }
    }

    // ---- the split ----

    /**
     * Where a call's frames are cut.
     *
     * @param index the first frame of the second half
     * @param legTimeMs each leg's position there, ms on the leg's clock
     * @param spanning reference finals that the split lies inside
     */
    private record Split(int index, Map<Leg, Long> legTimeMs, List<TranscriptSegment> spanning) {}

    /**
     * The frame index nearest the call's middle where, for both legs, every frame before it precedes
     * (in RTP sequence) every frame after it, preferring one inside a reference utterance.
     */
    private static Split chooseSplit(CallReplayer replayer, List<TranscriptSegment> refFinals) {
        List<AudioFrame> frames = replayer.frames();
        int n = frames.size();
        Map<Leg, Integer> firstSequence = new EnumMap<>(Leg.class);
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            AudioFrame f = frames.get(i);
            int first = firstSequence.computeIfAbsent(f.leg(), leg -> f.sequence());
            index[i] = (short) (f.sequence() - first); // 16-bit wrap-around; a call is far shorter than 65536 frames
        }
        // prefixMax[leg][i]: highest frame index among frames[0, i) of the leg; suffixMin[leg][i]: lowest among frames[i, n)
        int legs = Leg.values().length;
        int[][] prefixMax = new int[legs][n + 1];
        int[][] suffixMin = new int[legs][n + 1];
        for (int leg = 0; leg < legs; leg++) {
            prefixMax[leg][0] = Integer.MIN_VALUE;
            suffixMin[leg][n] = Integer.MAX_VALUE;
        }
        for (int i = 0; i < n; i++) {
            for (int leg = 0; leg < legs; leg++) {
                prefixMax[leg][i + 1] = prefixMax[leg][i];
            }
            int leg = frames.get(i).leg().ordinal();
            prefixMax[leg][i + 1] = Math.max(prefixMax[leg][i], index[i]);
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int leg = 0; leg < legs; leg++) {
                suffixMin[leg][i] = suffixMin[leg][i + 1];
            }
            int leg = frames.get(i).leg().ordinal();
            suffixMin[leg][i] = Math.min(suffixMin[leg][i + 1], index[i]);
        }
        int frameMs = frames.get(0).sampleCount() * 1000 / frames.get(0).sampleRate();
        Split fallback = null;
        for (int d = 0; d < n / 5; d++) {
            for (int i : new int[] {n / 2 + d, n / 2 - d}) {
                boolean clean = true;
                for (int leg = 0; leg < legs; leg++) {
                    clean &= prefixMax[leg][i] < suffixMin[leg][i];
                }
                if (!clean) {
                    continue;
                }
                Map<Leg, Long> legTime = new EnumMap<>(Leg.class);
                List<TranscriptSegment> spanning = new ArrayList<>();
                for (Leg leg : Leg.values()) {
                    long t = (long) suffixMin[leg.ordinal()][i] * frameMs;
                    legTime.put(leg, t);
                    refFinals.stream().filter(f -> f.callId().equals(replayer.startedEvent().callId()) && f.leg() == leg
                                    && !f.text().isEmpty() && f.startMs() + INSIDE_MARGIN_MS <= t && t <= f.endMs() - INSIDE_MARGIN_MS)
                            .forEach(spanning::add);
                }
                Split split = new Split(i, legTime, spanning);
                if (!spanning.isEmpty()) {
                    return split;
                }
                if (fallback == null) {
                    fallback = split;
                }
            }
        }
        assertNotNull(fallback, "no frame index near the middle of " + replayer.startedEvent().callId() + " without reordering across it");
        return fallback;
    }

    // ---- the jobs ----

    private static String topic(String prefix, String name) {
        return prefix + "." + name;
    }

    private static void createTopics(EmbeddedKafka kafka, String prefix) {
        kafka.createTopics(TopicSpec.of(topic(prefix, DefaultTopics.CALL_AUDIO), 2), TopicSpec.of(topic(prefix, DefaultTopics.CALL_EVENTS), 1),
                TopicSpec.of(topic(prefix, DefaultTopics.TRANSCRIPTS), 1), TopicSpec.of(topic(prefix, DefaultTopics.REVIEW), 1),
                TopicSpec.of(topic(prefix, DefaultTopics.CALL_SUMMARIES), 1), TopicSpec.of(topic(prefix, DefaultTopics.DEAD_LETTERS), 1));
    }

    /** The production defaults (RocksDB, incremental checkpoints) with checkpoints every second over the prefix's topics. */
    private static Configuration jobConfig(EmbeddedKafka kafka, String prefix, Path checkpoints, Duration idleTimeout) {
        Configuration conf = JobConfiguration.defaults();
        conf.set(JobOptions.RECOGNIZER, MODEL);
        conf.set(JobOptions.PROVIDER, "cpu");
        conf.set(JobOptions.MODEL_DIR, EvalData.model(MODEL).dir().getParent().toString());
        conf.set(JobOptions.MAX_BATCH, MAX_BATCH);
        if (idleTimeout != null) {
            conf.set(JobOptions.IDLE_TIMEOUT, idleTimeout);
        }
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // A failure should fail the test with its cause, not restart into the same failure until the wait runs out.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(JobOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(JobOptions.STARTING_OFFSETS, "earliest");
        // Also the sinks' transactional-ID prefix: job B must use job A's to take over (and abort) its transactions.
        conf.set(JobOptions.GROUP_ID, "savepoint-test-" + prefix);
        conf.set(JobOptions.TOPIC_AUDIO, topic(prefix, DefaultTopics.CALL_AUDIO));
        conf.set(JobOptions.TOPIC_EVENTS, topic(prefix, DefaultTopics.CALL_EVENTS));
        conf.set(JobOptions.TOPIC_TRANSCRIPTS, topic(prefix, DefaultTopics.TRANSCRIPTS));
        conf.set(JobOptions.TOPIC_REVIEW, topic(prefix, DefaultTopics.REVIEW));
        conf.set(JobOptions.TOPIC_SUMMARIES, topic(prefix, DefaultTopics.CALL_SUMMARIES));
        conf.set(JobOptions.TOPIC_DEAD_LETTERS, topic(prefix, DefaultTopics.DEAD_LETTERS));
        return conf;
    }

    private static JobClient startJob(Configuration conf, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        KafkaPipeline.define(env, conf);
        return env.executeAsync("savepoint test: " + name);
    }

    /** Writes records as the gateway does, then waits until the job's source has read them. */
    private static void produce(String bootstrap, String prefix, JobClient job, java.util.function.Consumer<KafkaReplaySink> records)
            throws Exception {
        try (KafkaReplaySink gateway = new KafkaReplaySink(bootstrap, topic(prefix, DefaultTopics.CALL_AUDIO),
                topic(prefix, DefaultTopics.CALL_EVENTS))) {
            records.accept(gateway);
        }
        awaitSourceRead(bootstrap, prefix, job);
    }

    /** Waits until the job's source has read (and committed on a checkpoint) everything in its input topics. */
    private static void awaitSourceRead(String bootstrap, String prefix, JobClient job) throws Exception {
        long deadline = System.nanoTime() + JOB_BUDGET.toNanos();
        String group = "savepoint-test-" + prefix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> topics = List.of(topic(prefix, DefaultTopics.CALL_AUDIO), topic(prefix, DefaultTopics.CALL_EVENTS));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    return;
                }
                checkRunning(job);
                if (System.nanoTime() > deadline) {
                    fail("the job did not read its input within " + JOB_BUDGET + ": ends " + ends + ", committed " + committed);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Cancels the job if it still runs; a job that failed has its error reported by {@link #checkRunning} instead. */
    private static void cancel(JobClient job) {
        try {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("cancelling " + job.getJobID() + ": " + e);
        }
    }

    /** Fails with the job's own error once it has stopped by itself. */
    private static void checkRunning(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the job stopped: " + status, e);
            }
            fail("the job stopped: " + status);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    // ---- comparing ----

    private static void assertEachFinalOnce(Output out, String run) {
        Map<String, Long> perSegment = out.finals.stream()
                .collect(Collectors.groupingBy(TranscriptSegment::segmentId, TreeMap::new, Collectors.counting()));
        Map<String, Long> repeated = new TreeMap<>(perSegment);
        repeated.values().removeIf(count -> count == 1);
        assertEquals(Map.of(), repeated, run + ": each final exactly once (" + perSegment.size() + " segments)");
        assertFalse(out.finals.isEmpty(), run + ": finals expected");
    }

    private static Map<String, Long> deadLetterCounts(Output out) {
        return out.deadLetters.stream().collect(Collectors.groupingBy(d -> d.key() + ":" + d.reason(), TreeMap::new, Collectors.counting()));
    }

    private static long nonEmpty(List<TranscriptSegment> finals) {
        return finals.stream().filter(f -> !f.text().isEmpty()).count();
    }

    private static Map<String, String> finalsById(List<TranscriptSegment> finals,
            java.util.function.Function<TranscriptSegment, String> value) {
        Map<String, String> out = new TreeMap<>();
        finals.forEach(f -> out.put(f.segmentId(), value.apply(f)));
        return out;
    }

    private static String bounds(TranscriptSegment f) {
        return "[" + f.startMs() + ", " + f.endMs() + "] rev " + f.revision();
    }

    /** The finals that differ in bounds or text, or that only one side has: "id: reference | restored", empty if none. */
    private static String difference(List<TranscriptSegment> reference, List<TranscriptSegment> restored) {
        Map<String, String> a = finalsById(reference, f -> bounds(f) + " \"" + f.text() + "\"");
        Map<String, String> b = finalsById(restored, f -> bounds(f) + " \"" + f.text() + "\"");
        TreeSet<String> ids = new TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        List<String> lines = new ArrayList<>();
        for (String id : ids) {
            if (!Objects.equals(a.get(id), b.get(id))) {
                lines.add(id + ": " + a.get(id) + " | " + b.get(id));
            }
        }
        return lines.isEmpty() ? "" : lines.size() + " " + lines;
    }

    private static Map<String, CallSummary> summariesByLeg(List<CallSummary> summaries) {
        Map<String, CallSummary> out = new TreeMap<>();
        for (CallSummary s : summaries) {
            assertTrue(out.put(s.callId() + "/" + s.leg().wireName(), s) == null, "one summary per leg: " + summaries);
        }
        return out;
    }

    // ---- output ----

    /** A run's output topics as a read_committed consumer sees them, from the beginning, in the order committed. */
    private static final class Output implements AutoCloseable {

        final String prefix;
        final List<TranscriptSegment> finals = new ArrayList<>();
        final List<TranscriptSegment> partials = new ArrayList<>();
        final List<CallSummary> summaries = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        int reviewItems;
        private final KafkaConsumer<byte[], byte[]> consumer;

        Output(String bootstrap, String prefix) {
            this.prefix = prefix;
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            List<TopicPartition> partitions = new ArrayList<>();
            for (String name : List.of(DefaultTopics.TRANSCRIPTS, DefaultTopics.REVIEW, DefaultTopics.CALL_SUMMARIES,
                    DefaultTopics.DEAD_LETTERS)) {
                String t = topic(prefix, name);
                consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void pollUntil(Predicate<Output> done, JobClient job, String what) throws Exception {
            long deadline = System.nanoTime() + JOB_BUDGET.toNanos();
            long lastCheck = 0;
            while (!done.test(this)) {
                if (System.nanoTime() > deadline) {
                    fail("no " + what + " within " + JOB_BUDGET + ": " + summaries.size() + " summaries, " + finals.size()
                            + " finals, " + deadLetters.size() + " dead letters so far: " + summaries);
                }
                if (System.nanoTime() - lastCheck > 1_000_000_000L) {
                    checkRunning(job);
                    lastCheck = System.nanoTime();
                }
                poll();
            }
        }

        void pollFor(Duration time) throws Exception {
            long until = System.nanoTime() + time.toNanos();
            while (System.nanoTime() < until) {
                poll();
            }
        }

        private void poll() throws Exception {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                String name = record.topic().substring(prefix.length() + 1);
                switch (name) {
                    case DefaultTopics.TRANSCRIPTS -> {
                        TranscriptSegment s = JSON.readValue(record.value(), TranscriptSegment.class);
                        (s.isFinal() ? finals : partials).add(s);
                    }
                    case DefaultTopics.REVIEW -> reviewItems++;
                    case DefaultTopics.CALL_SUMMARIES -> summaries.add(JSON.readValue(record.value(), CallSummary.class));
                    case DefaultTopics.DEAD_LETTERS -> deadLetters.add(JSON.readValue(record.value(), DeadLetter.class));
                    default -> throw new IllegalStateException("unexpected topic " + record.topic());
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
