package io.callscribe.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.CallEvent;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.inference.RecognitionRequest;
import io.callscribe.inference.RequestKind;
import io.callscribe.leg.JitterBufferConfig;
import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelStore;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.pipeline.LegInput;
import io.callscribe.pipeline.LegKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The segmentation operator on real call audio through Flink's keyed operator harness: frames of a
 * recorded call leg go in one every 20 ms of processing time, and the requests that come out are
 * checked against what Silero and the endpoint rules find in the same audio without Flink.
 */
class SegmentationOperatorTest {

    private static final long T0 = 1_000_000L;
    private static final long PARTIAL_MS = 1_000;
    private static final long IDLE_MS = 3_000;
    private static final long VAD_BATCH_MS = 100;
    private static final long END_GRACE_MS = 500;
    private static final long CALL_START_OFFSET_MS = 500;
    /** How stale the operator lets a leg's last-frame clock get (it saves a state write per frame). */
    private static final long PROGRESS_WRITE_MS = 200;
    private static final List<String> HOTWORDS = List.of("Acme", "refund");

    private static SegmentationSettings settings;
    private static RecordedLeg agent;
    private static RecordedLeg caller;

    @BeforeAll
    static void loadTheCall() {
        Path root = ModelStore.defaultRoot();
        ModelDirectory vad = new ModelFetcher(root).ensure("silero-vad-v5");
        settings = settings(IDLE_MS, VAD_BATCH_MS, 8);
        agent = RecordedLeg.load(Leg.AGENT, vad, SegmenterConfig.DEFAULT);
        caller = RecordedLeg.load(Leg.CUSTOMER, vad, SegmenterConfig.DEFAULT);
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void aLegInOrderBecomesPartialsAndExactFinalsThenALegEndAfterTheCallEndsAndItsStateIsGone() throws Exception {
        try (var harness = harness(null)) {
            harness.open();
            start(harness, agent);
            feed(harness, 0, agent.frameCount(), agent);
            long endedAt = frameTime(agent.frameCount() - 1) + 100;
            harness.setProcessingTime(endedAt);
            harness.processElement(LegInput.of(agent.key, ended(agent.frameCount())), 0);

            harness.setProcessingTime(endedAt + END_GRACE_MS - 1);
            assertTrue(ofKind(harness.extractOutputValues(), RequestKind.LEG_END).isEmpty(),
                    "the leg waits out the end grace before it ends");
            harness.setProcessingTime(endedAt + END_GRACE_MS);
            List<RecognitionRequest> out = harness.extractOutputValues();

            RecordedLeg.Analysis expected = agent.analysis();
            List<RecognitionRequest> finals = ofKind(out, RequestKind.FINAL);
            assertTrue(finals.size() >= 2, "the leg holds several utterances");
            assertEquals(describe(expected.spans()), describe(spansOf(finals)),
                    "finals are exactly the spans Silero and the endpoint rules find in the leg");
            for (RecognitionRequest f : finals) {
                assertEquals(RecordedLeg.CALL + "/agent/" + f.startSample(), f.segmentId());
                assertArrayEquals(expected.pcm16(f.startSample(), f.endSample()), f.audio(),
                        "the final carries its whole span of the leg's audio: " + f.segmentId());
                assertEquals(HOTWORDS, f.hotwords());
                assertEquals(CALL_START_OFFSET_MS, f.legOffsetMs());
                assertEquals(RecordedLeg.CAPTURE_0 - CALL_START_OFFSET_MS, f.callStartMs(), "the started event's time");
            }
            checkPartials(out, expected);

            RecognitionRequest legEnd = out.get(out.size() - 1);
            assertEquals(RequestKind.LEG_END, legEnd.kind());
            assertEquals(1, ofKind(out, RequestKind.LEG_END).size());
            assertEquals(finals.size(), legEnd.finalsEmitted());
            assertEquals("event", legEnd.endedBy());
            assertEquals(RecordedLeg.CALL + "/agent/end", legEnd.segmentId());
            assertEquals(0, legEnd.audio().length);

            // Only the TTL'd "this call ended" flag is left of the leg.
            assertEquals(1, harness.numKeyedStateEntries());
            harness.setProcessingTime(endedAt + END_GRACE_MS + 20);
            harness.processElement(LegInput.of(agent.frame(agent.frameCount() - 1)), 0);
            assertEquals(out.size(), harness.extractOutputValues().size(), "no request for a frame after the end");
            List<DeadLetter> dead = harness.getSideOutput(SegmentationOperator.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).toList();
            assertEquals(1, dead.size());
            assertEquals("frame-after-call-end", dead.get(0).reason());
            assertEquals(RecordedLeg.CALL, dead.get(0).key());
            assertEquals("call-audio", dead.get(0).source());
        }
    }

    @Test
    void twoLegsInterleavedComeOutExactlyAsEachLegAlone() throws Exception {
        int frames = 1_000; // the first 20 s of the call keep the test quick
        Map<Leg, List<String>> alone = new LinkedHashMap<>();
        for (RecordedLeg leg : List.of(agent, caller)) {
            List<RecognitionRequest> out = runCall(List.of(leg), frames);
            assertFalse(ofKind(out, RequestKind.FINAL).isEmpty(), "the " + leg.key.leg() + " leg speaks in its first 20 s");
            alone.put(leg.key.leg(), describeAll(out));
        }
        List<RecognitionRequest> together = runCall(List.of(agent, caller), frames);
        for (Leg leg : alone.keySet()) {
            List<String> split = describeAll(together.stream().filter(r -> r.leg().leg() == leg).toList());
            assertEquals(alone.get(leg), split, "the " + leg + " leg with the other leg batched alongside");
        }
    }

    @Test
    void aSnapshotMidUtteranceRestoredOnRocksDbContinuesAsIfNeverInterrupted() throws Exception {
        int frames = 500; // the first 10 s: a long utterance and the silence after it
        RecordedLeg.Analysis expected = agent.analysis(frames);
        List<String> uninterrupted = describeAll(runCall(List.of(agent), frames)).stream()
                .map(SegmentationOperatorTest::withoutTime).toList();

        long[] span = expected.longestSpan();
        int cut = (int) ((span[0] + span[1]) / 2 / RecordedLeg.FRAME_SAMPLES_16K);
        List<RecognitionRequest> before = new ArrayList<>();
        OperatorSubtaskState snapshot = snapshotAfter(cut, before);
        String openSegment = RecordedLeg.CALL + "/agent/" + span[0];
        assertTrue(before.stream().anyMatch(r -> r.kind().isPartial() && r.segmentId().equals(openSegment)),
                "the snapshot is taken while the utterance is open, after partials of it went out");
        assertTrue(before.stream().noneMatch(r -> r.kind() == RequestKind.FINAL && r.segmentId().equals(openSegment)));

        List<RecognitionRequest> after;
        try (var harness = harness(new EmbeddedRocksDBStateBackend())) {
            harness.setup();
            harness.initializeState(snapshot);
            harness.open();
            harness.setProcessingTime(frameTime(cut - 1));
            feed(harness, cut, frames, agent);
            end(harness, List.of(agent), frames);
            after = harness.extractOutputValues();
        }
        assertTrue(after.stream().anyMatch(r -> r.kind() == RequestKind.FINAL && r.segmentId().equals(openSegment)));
        List<RecognitionRequest> resumed = new ArrayList<>(before);
        resumed.addAll(after);
        assertEquals(uninterrupted, describeAll(resumed).stream().map(SegmentationOperatorTest::withoutTime).toList());
        List<RecognitionRequest> finals = ofKind(resumed, RequestKind.FINAL);
        assertEquals(describe(expected.spans()), describe(spansOf(finals)));
        for (RecognitionRequest f : finals) {
            assertArrayEquals(expected.pcm16(f.startSample(), f.endSample()), f.audio(), f.segmentId());
        }
    }

    /**
     * A job restored after a downtime longer than the idle timeout: the leg's frames are still in
     * Kafka, not lost, so its quiet counts from the restored operator's start, not from its last
     * frame before the downtime (which would end every open leg at once).
     */
    @Test
    void aLegRestoredAfterADowntimeLongerThanTheIdleTimeoutGetsAFullIdleTimeoutFromTheRestore() throws Exception {
        long[] span = agent.analysis(500).longestSpan();
        int cut = (int) ((span[0] + span[1]) / 2 / RecordedLeg.FRAME_SAMPLES_16K);
        OperatorSubtaskState snapshot = snapshotAfter(cut, new ArrayList<>());
        long restoredAt = frameTime(cut - 1) + 10 * IDLE_MS;
        try (var harness = restored(snapshot, restoredAt)) {
            harness.setProcessingTime(restoredAt + IDLE_MS - 1);
            assertTrue(ofKind(harness.extractOutputValues(), RequestKind.LEG_END).isEmpty(),
                    () -> "no end within an idle timeout of the restore: " + describeAll(harness.extractOutputValues()));
            // no frame came back: the leg ends idle a full timeout after the restore, its open utterance final
            harness.setProcessingTime(restoredAt + IDLE_MS);
            List<RecognitionRequest> out = harness.extractOutputValues();
            assertEquals(RecordedLeg.CALL + "/agent/" + span[0], ofKind(out, RequestKind.FINAL).get(0).segmentId());
            assertEquals("idle", ofKind(out, RequestKind.LEG_END).get(0).endedBy());
        }
    }

    /**
     * A frame missing when the snapshot was taken, its successors held in the jitter buffer: after a
     * downtime far longer than the buffer's wait, the job restores and the frame comes back from Kafka
     * right away. The wait counts from the restore, so the frame fills its place; counted from before
     * the downtime, the buffer would conceal it at once and drop it as late.
     */
    @Test
    void aFrameMissingAtTheSnapshotAndReplayedAfterADowntimeIsNotConcealed() throws Exception {
        int frames = 500;
        RecordedLeg.Analysis expected = agent.analysis(frames);
        long[] span = expected.longestSpan();
        // a loud frame inside the utterance (a phone leg has digital silence even mid-utterance, which
        // concealment would reproduce): concealing it changes the final's audio
        int missing = loudFrameAtOrBefore(expected, (int) ((span[0] + span[1]) / 2 / RecordedLeg.FRAME_SAMPLES_16K));
        assertTrue(missing * RecordedLeg.FRAME_SAMPLES_16K > span[0], "a loud frame in the utterance's first half");
        int cut = missing + 2; // the frame after it waits in the jitter buffer at the snapshot
        OperatorSubtaskState snapshot = snapshotAfter(cut, n -> n != missing, new ArrayList<>());
        long restoredAt = frameTime(cut - 1) + 10 * IDLE_MS;
        try (var harness = restored(snapshot, restoredAt)) {
            long now = restoredAt + 40; // within the buffer's 160 ms wait of the restore
            harness.setProcessingTime(now);
            harness.processElement(LegInput.of(agent.frame(missing)), 0); // it came late, after the checkpoint's offsets
            for (int n = cut; n < frames; n++) { // then the frames after the checkpoint's offsets
                harness.setProcessingTime(now += 20);
                harness.processElement(LegInput.of(agent.frame(n)), 0);
            }
            harness.setProcessingTime(now += 100);
            harness.processElement(LegInput.of(agent.key, ended(frames)), 0);
            harness.setProcessingTime(now + END_GRACE_MS + 20);
            List<RecognitionRequest> finals = ofKind(harness.extractOutputValues(), RequestKind.FINAL);
            RecognitionRequest open = finals.stream().filter(f -> f.startSample() == span[0]).findFirst().orElseThrow();
            assertArrayEquals(expected.pcm16(open.startSample(), open.endSample()), open.audio(),
                    "the utterance's audio with the replayed frame in its place");
        }
    }

    @Test
    void aLegWhoseFramesStopIsEndedByTheIdleTimeoutWithItsOpenUtteranceFinal() throws Exception {
        long[] span = agent.analysis(500).longestSpan();
        int stop = (int) ((span[0] + span[1]) / 2 / RecordedLeg.FRAME_SAMPLES_16K);
        // what the leg's first frames come to when they are all there is
        RecordedLeg.Analysis expected = agent.analysis(stop);
        try (var harness = harness(null)) {
            harness.open();
            start(harness, agent);
            feed(harness, 0, stop, agent);
            long lastFrameAt = frameTime(stop - 1);
            assertTrue(harness.extractOutputValues().stream()
                    .anyMatch(r -> r.kind().isPartial() && r.startSample() == span[0]), "mid-utterance");
            assertTrue(ofKind(harness.extractOutputValues(), RequestKind.FINAL).stream().noneMatch(r -> r.startSample() == span[0]));

            // the operator keeps the frames' arrival clock at PROGRESS_WRITE_MS granularity, so the
            // timeout counts from at most that much before the last frame
            harness.setProcessingTime(lastFrameAt + IDLE_MS - PROGRESS_WRITE_MS);
            assertTrue(ofKind(harness.extractOutputValues(), RequestKind.LEG_END).isEmpty(),
                    () -> "no end before the idle timeout: " + describeAll(harness.extractOutputValues()));
            harness.setProcessingTime(lastFrameAt + IDLE_MS);
            List<RecognitionRequest> out = harness.extractOutputValues();

            List<RecognitionRequest> finals = ofKind(out, RequestKind.FINAL);
            assertEquals(describe(expected.spans()), describe(spansOf(finals)));
            RecognitionRequest last = finals.get(finals.size() - 1);
            assertEquals(RecordedLeg.CALL + "/agent/" + span[0], last.segmentId(), "the open utterance is closed");
            assertTrue(last.endSample() <= (long) stop * RecordedLeg.FRAME_SAMPLES_16K);
            for (RecognitionRequest f : finals) {
                assertArrayEquals(expected.pcm16(f.startSample(), f.endSample()), f.audio(), f.segmentId());
            }

            RecognitionRequest legEnd = out.get(out.size() - 1);
            assertEquals(RequestKind.LEG_END, legEnd.kind());
            assertEquals("idle", legEnd.endedBy());
            assertEquals(finals.size(), legEnd.finalsEmitted());
            assertEquals(1, harness.numKeyedStateEntries(), "only the ended flag is left of the leg");
        }
    }

    @Test
    void aLegWhoseAudioStoppedBeforeTheHangUpEndsByTheEventWhenItsLastFrameIsNamed() throws Exception {
        int agentFrames = 250;
        int callerFrames = 350; // the agent leg stops 2 s before the hang-up, within the idle timeout
        try (var harness = harness(null)) {
            harness.open();
            start(harness, agent);
            start(harness, caller);
            for (int n = 0; n < callerFrames; n++) {
                harness.setProcessingTime(frameTime(n));
                if (n < agentFrames) {
                    harness.processElement(LegInput.of(agent.frame(n)), 0);
                }
                harness.processElement(LegInput.of(caller.frame(n)), 0);
            }
            long endedAt = frameTime(callerFrames - 1) + 100;
            harness.setProcessingTime(endedAt);
            CallEvent ended = CallEvent.ended(RecordedLeg.TENANT, RecordedLeg.CALL, RecordedLeg.CAPTURE_0 + 20L * (callerFrames - 1) + 100,
                    java.util.Map.of("agent", RecordedLeg.CAPTURE_0 + 20L * (agentFrames - 1),
                            "customer", RecordedLeg.CAPTURE_0 + 20L * (callerFrames - 1)));
            harness.processElement(LegInput.of(agent.key, ended), 0);
            harness.processElement(LegInput.of(caller.key, ended), 0);
            harness.setProcessingTime(endedAt + END_GRACE_MS + 20);
            assertEquals(List.of("event", "event"), ofKind(harness.extractOutputValues(), RequestKind.LEG_END).stream()
                    .map(RecognitionRequest::endedBy).toList(), "both legs end within the end grace, not the idle timeout");
        }
    }

    @Test
    void aLegWhoseEndedEventOvertookItsLastSecondsOfAudioEndsByTheEventOnceTheAudioCatchesUp() throws Exception {
        int frames = agent.frameCount();
        int behind = 150; // 3 s of the leg's audio still queued (a backlog) when the event arrives
        long idleMs = 60_000;
        try (var harness = harness(settings(idleMs, VAD_BATCH_MS, 8), null)) {
            harness.open();
            start(harness, agent);
            feed(harness, 0, frames - behind, agent);
            long eventAt = frameTime(frames - behind - 1) + 10;
            harness.setProcessingTime(eventAt);
            harness.processElement(LegInput.of(agent.key, ended(frames)), 0);
            // the end grace runs out with the audio still behind; then the backlog comes, three times as fast as real time
            long caughtUpAt = eventAt + END_GRACE_MS + 100;
            for (int n = frames - behind; n < frames; n++) {
                harness.setProcessingTime(caughtUpAt);
                harness.processElement(LegInput.of(agent.frame(n)), 0);
                caughtUpAt += 7;
            }
            harness.setProcessingTime(caughtUpAt + END_GRACE_MS + 220);
            assertEquals(List.of("event"), ofKind(harness.extractOutputValues(), RequestKind.LEG_END).stream()
                    .map(RecognitionRequest::endedBy).toList(), "the leg ends within the end grace of its last audio");
        }
    }

    @Test
    void aCallEndedEventForALegThatAlreadyEndedDoesNotEndItAgain() throws Exception {
        SegmentationSettings quick = settings(1_000, VAD_BATCH_MS, 8);
        try (var harness = harness(quick, null)) {
            harness.open();
            feed(harness, 0, 50, agent);
            harness.setProcessingTime(frameTime(49) + 1_000);
            assertEquals(List.of("idle"), ofKind(harness.extractOutputValues(), RequestKind.LEG_END).stream()
                    .map(RecognitionRequest::endedBy).toList());
            // the call's ended event comes after the leg idled out (or comes twice)
            harness.processElement(LegInput.of(agent.key, ended(50)), 0);
            harness.setProcessingTime(frameTime(49) + 60_000);
            assertEquals(1, ofKind(harness.extractOutputValues(), RequestKind.LEG_END).size(),
                    "a leg ends once: a second LEG_END makes the assembler emit a second, empty summary");
        }
    }

    @Test
    void anEndedEventForACallThatNeverStartedIsDeadLetteredWithoutASummary() throws Exception {
        SegmentationSettings quick = settings(1_000, VAD_BATCH_MS, 8);
        try (var harness = harness(quick, null)) {
            harness.open();
            harness.processElement(LegInput.of(agent.key, ended(50)), 0);
            harness.setProcessingTime(60_000);
            assertEquals(List.of(), ofKind(harness.extractOutputValues(), RequestKind.LEG_END), "no leg to end, no summary");
            var deadLetters = harness.getSideOutput(SegmentationOperator.DEAD_LETTERS);
            assertEquals(1, deadLetters.size());
            var letter = deadLetters.peek().getValue();
            assertEquals("event-for-unknown-call", letter.reason());
            assertEquals(agent.key.callId(), letter.key());
            // a frame after it is refused like any frame after its call's end
            harness.processElement(LegInput.of(agent.frame(0)), 0);
            assertEquals(2, harness.getSideOutput(SegmentationOperator.DEAD_LETTERS).size());
        }
    }

    @Test
    void aLegsIdleTimerSurvivesAVadBatchItCompletesForAnotherLeg() throws Exception {
        // no periodic VAD batch: only a full batch (two legs) runs the VAD
        SegmentationSettings batchOfTwo = settings(1_000, 1_000_000, 2);
        try (var harness = harness(batchOfTwo, null)) {
            harness.open();
            for (int n = 0; n < 46; n++) {
                harness.setProcessingTime(20L * n);
                harness.processElement(LegInput.of(agent.frame(n)), 0); // the agent leg piles up VAD chunks
                if (n == 0) {
                    harness.processElement(LegInput.of(caller.frame(0)), 0);
                } else if (n == 42) {
                    // the caller's frame 1 is lost: frame 2 waits in the jitter buffer until its deadline, at 1000,
                    // the caller's idle timer; the audio it releases completes a batch of both legs
                    harness.processElement(LegInput.of(caller.frame(2)), 0);
                }
            }
            for (long t = 900; t <= 20_000; t += 10) {
                harness.setProcessingTime(t);
            }
            assertEquals(List.of(Leg.AGENT, Leg.CUSTOMER), ofKind(harness.extractOutputValues(), RequestKind.LEG_END).stream()
                    .map(r -> r.leg().leg()).toList(), "both legs end by the idle timeout");
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static SegmentationSettings settings(long idleMs, long vadBatchMs, int maxVadBatch) {
        return new SegmentationSettings(ModelStore.defaultRoot().toString(), ExecutionProvider.CPU, SegmenterConfig.DEFAULT,
                JitterBufferConfig.DEFAULT, PARTIAL_MS, 0.5, true, idleMs, vadBatchMs, maxVadBatch, RecordedLeg.VAD_MODEL_RATE,
                SileroVad.DEFAULT_SILENCE_FLOOR_DBFS,
                600_000, END_GRACE_MS);
    }

    private static KeyedOneInputStreamOperatorTestHarness<LegKey, LegInput, RecognitionRequest> harness(StateBackend backend)
            throws Exception {
        return harness(settings, backend);
    }

    private static KeyedOneInputStreamOperatorTestHarness<LegKey, LegInput, RecognitionRequest> harness(
            SegmentationSettings settings, StateBackend backend) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new SegmentationOperator(settings), LegInput::key,
                TypeInformation.of(LegKey.class));
        if (backend != null) {
            harness.setStateBackend(backend);
        }
        return harness;
    }

    /** The agent leg's first {@code frames} frames on RocksDB, then a snapshot as a checkpoint takes it; the requests go to {@code out}. */
    private static OperatorSubtaskState snapshotAfter(int frames, List<RecognitionRequest> out) throws Exception {
        return snapshotAfter(frames, n -> true, out);
    }

    /** As {@link #snapshotAfter(int, List)}, of the frames that {@code arrived} (the others never came). */
    private static OperatorSubtaskState snapshotAfter(int frames, IntPredicate arrived, List<RecognitionRequest> out)
            throws Exception {
        try (var harness = harness(new EmbeddedRocksDBStateBackend())) {
            harness.open();
            start(harness, agent);
            for (int n = 0; n < frames; n++) {
                harness.setProcessingTime(frameTime(n));
                if (arrived.test(n)) {
                    harness.processElement(LegInput.of(agent.frame(n)), 0);
                }
            }
            // as a checkpoint does: VAD over the pending audio, then the snapshot
            harness.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState snapshot = harness.snapshot(1, frameTime(frames - 1));
            out.addAll(harness.extractOutputValues());
            return snapshot;
        }
    }

    /** The last frame at or before {@code frame} whose audio peaks above 1000 (of 32767). */
    private static int loudFrameAtOrBefore(RecordedLeg.Analysis leg, int frame) {
        for (int n = frame; n >= 0; n--) {
            short[] pcm = leg.pcm16((long) n * RecordedLeg.FRAME_SAMPLES_16K, (long) (n + 1) * RecordedLeg.FRAME_SAMPLES_16K);
            for (short v : pcm) {
                if (Math.abs(v) > 1000) {
                    return n;
                }
            }
        }
        throw new IllegalStateException("no loud frame up to " + frame);
    }

    /** A harness on RocksDB restored from {@code snapshot}, opened at processing time {@code at}. */
    private static KeyedOneInputStreamOperatorTestHarness<LegKey, LegInput, RecognitionRequest> restored(
            OperatorSubtaskState snapshot, long at) throws Exception {
        var harness = harness(new EmbeddedRocksDBStateBackend());
        harness.setup();
        harness.initializeState(snapshot);
        harness.setProcessingTime(at);
        harness.open();
        return harness;
    }

    private static long frameTime(int n) {
        return T0 + 20L * n;
    }

    /** The call-started event, fanned out to the leg: the call began half a second before its first frame. */
    private static void start(KeyedOneInputStreamOperatorTestHarness<LegKey, LegInput, RecognitionRequest> harness,
            RecordedLeg leg) throws Exception {
        harness.setProcessingTime(frameTime(0));
        harness.processElement(LegInput.of(leg.key, CallEvent.started(RecordedLeg.TENANT, RecordedLeg.CALL, "agent-7",
                HOTWORDS, RecordedLeg.CAPTURE_0 - CALL_START_OFFSET_MS)), 0);
    }

    /** Frames [from, to) of each leg, one every 20 ms of processing time, the legs interleaved. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<LegKey, LegInput, RecognitionRequest> harness,
            int from, int to, RecordedLeg... legs) throws Exception {
        for (int n = from; n < to; n++) {
            harness.setProcessingTime(frameTime(n));
            for (RecordedLeg leg : legs) {
                if (n < leg.frameCount()) {
                    harness.processElement(LegInput.of(leg.frame(n)), 0);
                }
            }
        }
    }

    /** The call-ended event to every leg 100 ms after frame {@code frames - 1}, then past the end grace. */
    private static void end(KeyedOneInputStreamOperatorTestHarness<LegKey, LegInput, RecognitionRequest> harness,
            List<RecordedLeg> legs, int frames) throws Exception {
        long endedAt = frameTime(frames - 1) + 100;
        harness.setProcessingTime(endedAt);
        for (RecordedLeg leg : legs) {
            harness.processElement(LegInput.of(leg.key, ended(frames)), 0);
        }
        harness.setProcessingTime(endedAt + END_GRACE_MS + 20);
    }

    /** The call-ended event, stamped on the gateway's clock 100 ms after frame {@code frames - 1}. */
    private static CallEvent ended(int frames) {
        return CallEvent.ended(RecordedLeg.TENANT, RecordedLeg.CALL, RecordedLeg.CAPTURE_0 + 20L * (frames - 1) + 100);
    }

    /** A call of these legs' first {@code frames} frames, interleaved frame by frame, on the heap backend. */
    private static List<RecognitionRequest> runCall(List<RecordedLeg> legs, int frames) throws Exception {
        try (var harness = harness(null)) {
            harness.open();
            for (RecordedLeg leg : legs) {
                start(harness, leg);
            }
            feed(harness, 0, frames, legs.toArray(RecordedLeg[]::new));
            end(harness, legs, frames);
            List<RecognitionRequest> out = harness.extractOutputValues();
            for (RecordedLeg leg : legs) {
                assertEquals(1, out.stream().filter(r -> r.leg().equals(leg.key) && r.kind() == RequestKind.LEG_END).count());
            }
            return out;
        }
    }

    /**
     * Partials: for each segment revisions 1, 2, ... in order, each audio a growing prefix of the
     * segment's final, which comes after them with the next revision; long speech has several.
     */
    private static void checkPartials(List<RecognitionRequest> out, RecordedLeg.Analysis leg) {
        Map<String, List<RecognitionRequest>> bySegment = out.stream().filter(r -> r.kind() != RequestKind.LEG_END)
                .collect(Collectors.groupingBy(RecognitionRequest::segmentId, LinkedHashMap::new, Collectors.toList()));
        int longest = 0;
        int closedByPause = 0;
        int takenOver = 0;
        for (var e : bySegment.entrySet()) {
            List<RecognitionRequest> requests = e.getValue();
            RecognitionRequest last = requests.get(requests.size() - 1);
            assertEquals(RequestKind.FINAL, last.kind(), "a segment ends with its final: " + e.getKey());
            assertEquals(1, requests.stream().filter(r -> r.kind() == RequestKind.FINAL).count(), e.getKey());
            int previousLength = 0;
            for (int i = 0; i < requests.size(); i++) {
                RecognitionRequest r = requests.get(i);
                assertEquals(i + 1, r.revision(), "revision of " + r.kind() + " " + e.getKey());
                assertEquals(last.startSample(), r.startSample());
                if (r.kind() == RequestKind.PARTIAL) {
                    // the open utterance so far; the last one may reach into the silence the final leaves out
                    assertTrue(r.audio().length >= previousLength + Math.max(PARTIAL_MS * 16, previousLength / 2),
                            "partials grow by the interval or half what the previous one covered: " + e.getKey());
                    previousLength = r.audio().length;
                    assertArrayEquals(leg.pcm16(r.startSample(), r.endSample()), r.audio(),
                            "a partial carries the leg's audio from the segment start: " + e.getKey() + " rev " + r.revision());
                } else if (r.kind() == RequestKind.PAUSE_PARTIAL) {
                    previousLength = r.audio().length;
                    assertArrayEquals(leg.pcm16(r.startSample(), r.endSample()), r.audio(), "a pause partial too");
                }
            }
            longest = Math.max(longest, requests.size() - 1);
            // a final closed by silence follows its pause's request; one cut at the maximum length has
            // the next segment start where it ends, and the leg's last one may be closed by its end
            boolean followed = bySegment.values().stream().anyMatch(rs -> rs.get(0).startSample() > last.startSample());
            boolean cut = bySegment.values().stream().anyMatch(rs -> rs.get(0).startSample() == last.endSample());
            if (followed && !cut) {
                closedByPause++;
                RecognitionRequest before = requests.size() > 1 ? requests.get(requests.size() - 2) : null;
                if (before != null && before.kind() == RequestKind.PAUSE_PARTIAL && Arrays.equals(before.audio(), last.audio())) {
                    takenOver++;
                }
            }
        }
        assertTrue(longest >= 2, "long speech has several partials, got at most " + longest);
        assertTrue(closedByPause >= 2, "several finals end at a pause");
        assertEquals(closedByPause, takenOver, "each final closed by a pause has that pause's request, same audio, just before it");
    }

    private static List<RecognitionRequest> ofKind(List<RecognitionRequest> out, RequestKind kind) {
        return out.stream().filter(r -> r.kind() == kind).toList();
    }

    private static List<long[]> spansOf(List<RecognitionRequest> requests) {
        return requests.stream().map(r -> new long[] {r.startSample(), r.endSample()}).toList();
    }

    private static List<String> describe(List<long[]> spans) {
        return spans.stream().map(s -> "[" + s[0] + ", " + s[1] + ")").toList();
    }

    private static List<String> describeAll(List<RecognitionRequest> requests) {
        return requests.stream().map(SegmentationOperatorTest::describe).toList();
    }

    /** Everything a request says, its audio as length and hash. */
    private static String describe(RecognitionRequest r) {
        return r.leg() + " " + r.kind() + " " + r.segmentId() + " rev=" + r.revision() + " start=" + r.startSample()
                + " len=" + r.audio().length + " audio=" + Integer.toHexString(Arrays.hashCode(r.audio()))
                + " hot=" + r.hotwords() + " offset=" + r.legOffsetMs() + " finals=" + r.finalsEmitted()
                + " by=" + r.endedBy() + " at=" + r.endpointAtMs();
    }

    private static String withoutTime(String description) {
        return description.substring(0, description.lastIndexOf(" at="));
    }
}
