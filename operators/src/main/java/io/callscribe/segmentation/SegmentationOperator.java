package io.callscribe.segmentation;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.codec.AudioFrameCodec;
import io.callscribe.contract.codec.CallEventCodec;
import io.callscribe.inference.RecognitionRequest;
import io.callscribe.inference.RequestKind;
import io.callscribe.leg.JitterBuffer;
import io.callscribe.leg.JitterCounters;
import io.callscribe.leg.LegAudioChunk;
import io.callscribe.leg.LegAudioDecoder;
import io.callscribe.leg.LegAudioReceiver;
import io.callscribe.leg.LegAudioState;
import io.callscribe.leg.LegAudioStateSerializer;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.models.runtime.InferenceOptions;
import io.callscribe.models.vad.SegmenterState;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.models.vad.SpeechSegmenter;
import io.callscribe.models.vad.SpeechSpan;
import io.callscribe.models.vad.VadState;
import io.callscribe.pipeline.LegInput;
import io.callscribe.pipeline.LegKey;
import io.callscribe.state.FloatSamplesSerializer;
import io.callscribe.state.Pcm16SamplesSerializer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.BooleanSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Where a leg's streaming state lives: per leg (keyed by {@link LegKey}, on the RocksDB backend)
 * the jitter buffer and decoder, the VAD's recurrent state, the endpoint state, the decoded audio
 * not yet seen by the VAD and the open utterance's audio. Emits a PARTIAL request every
 * {@code partialIntervalMs} of ongoing speech, a FINAL at each endpoint (or maximum length, call
 * end, idle timeout) and a LEG_END when the leg is over, then clears the leg's state.
 *
 * <p>The VAD is batched across legs: frames only queue decoded audio; every
 * {@code vadBatchIntervalMs} (and before each checkpoint barrier) all legs with a full 32 ms chunk
 * pending go through Silero in one model call per chunk round. Pending audio is keyed state, so a
 * restore loses nothing.
 */
public final class SegmentationOperator extends AbstractStreamOperator<RecognitionRequest>
        implements OneInputStreamOperator<LegInput, RecognitionRequest>, Triggerable<LegKey, VoidNamespace>, BoundedOneInput {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("segmentation-dead-letters") {};
    private static final int RATE = LegAudioDecoder.OUTPUT_RATE;
    private static final AudioFrameCodec FRAME_CODEC = new AudioFrameCodec();
    private static final CallEventCodec EVENT_CODEC = new CallEventCodec();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long PROGRESS_WRITE_MS = 200;
    /** Audio within this of the call-ended time counts as caught up (the last packets may be lost). */
    private static final long CAUGHT_UP_TOLERANCE_MS = 1000;

    private final SegmentationSettings settings;

    private transient SileroVad vad;
    private transient SpeechSegmenter segmenter;
    private transient LegAudioReceiver receiver;
    private transient ValueState<LegAudioState> audioState;
    private transient ValueState<VadState> vadState;
    private transient ValueState<SegmenterState> segmenterState;
    private transient ValueState<float[]> pending;
    private transient ListState<short[]> utterance;
    private transient ValueState<LegProgress> progress;
    private transient ValueState<Boolean> ended;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Set<LegKey> withPendingChunk;
    private transient long padSamples;
    private transient long partialIntervalSamples;
    private transient LegMetrics metrics;
    /** When this operator instance started: after a restore, quiet is counted from here, not from before the outage. */
    private transient long openedAtMs;

    public SegmentationOperator(SegmentationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        vad = SileroVad.open(new ModelFetcher(Path.of(settings.modelRoot())).ensure("silero-vad-v5"), RATE, settings.vadModelRate(),
                InferenceOptions.builder().provider(settings.vadProvider()).intraOpThreads(1).build())
                .silenceFloor(settings.vadSilenceFloorDbfs());
        segmenter = new SpeechSegmenter(settings.segmenter(), RATE, vad.chunkSamples());
        receiver = new LegAudioReceiver(new JitterBuffer(settings.jitter()), new LegAudioDecoder());
        padSamples = (long) settings.segmenter().speechPadMs() * RATE / 1000;
        partialIntervalSamples = settings.partialIntervalMs() * RATE / 1000;
        audioState = getRuntimeContext().getState(new ValueStateDescriptor<>("leg-audio", LegAudioStateSerializer.INSTANCE));
        vadState = getRuntimeContext().getState(new ValueStateDescriptor<>("vad", VadStateSerializer.INSTANCE));
        segmenterState = getRuntimeContext().getState(new ValueStateDescriptor<>("endpoint", SegmenterStateSerializer.INSTANCE));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("vad-pending", FloatSamplesSerializer.INSTANCE));
        utterance = getRuntimeContext().getListState(new ListStateDescriptor<>("utterance", Pcm16SamplesSerializer.INSTANCE));
        progress = getRuntimeContext().getState(new ValueStateDescriptor<>("progress", LegProgressSerializer.INSTANCE));
        ValueStateDescriptor<Boolean> endedDescriptor = new ValueStateDescriptor<>("ended", BooleanSerializer.INSTANCE);
        endedDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(settings.endedCallMemoryMs())).build());
        ended = getRuntimeContext().getState(endedDescriptor);
        timers = getInternalTimerService("leg-timers", VoidNamespaceSerializer.INSTANCE, this);
        withPendingChunk = new LinkedHashSet<>();
        MetricGroup legMetrics = getMetricGroup().addGroup("legs");
        metrics = new LegMetrics(legMetrics);
        legMetrics.gauge("vadChunksGated", (Gauge<Long>) vad::gatedChunks);
        countRestoredLegs();
        openedAtMs = getProcessingTimeService().getCurrentProcessingTime();
        scheduleVadBatch();
    }

    /** After a restore the legs in flight are in state only: count them into the gauges. */
    private void countRestoredLegs() throws Exception {
        for (LegKey key : legsInState()) {
            setCurrentKey(key);
            LegProgress p = progress.value();
            if (p != null && p.legOffsetMs >= 0) {
                metrics.legStarted(key);
            }
        }
    }

    private void scheduleVadBatch() {
        long next = getProcessingTimeService().getCurrentProcessingTime() + settings.vadBatchIntervalMs();
        getProcessingTimeService().registerTimer(next, time -> {
            runVad();
            scheduleVadBatch();
        });
    }

    @Override
    public void processElement(StreamRecord<LegInput> element) throws Exception {
        LegInput input = element.getValue();
        if (input.event() != null) {
            onEvent(input.key(), input.event());
        } else {
            onFrame(input.key(), input.frame());
        }
    }

    private void onEvent(LegKey key, CallEvent event) throws Exception {
        if (event.type() == CallEvent.Type.ENDED) {
            LegProgress p = progress.value();
            if (p == null) {
                if (Boolean.TRUE.equals(ended.value())) {
                    return; // already ended (idle timeout, or a repeated event)
                }
                p = new LegProgress();
            }
            if (!p.endRequested) {
                // Events and audio travel on different topics, so the event can overtake the audio,
                // by far when the job works through a backlog: see onProcessingTime.
                long now = getProcessingTimeService().getCurrentProcessingTime();
                p.endRequested = true;
                p.endedAtMs = event.legEndMs(key.leg());
                p.endRequestedAtMs = now;
                progress.update(p);
                timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now + settings.endGraceMs());
            }
            return;
        }
        LegProgress p = progressOrNew();
        if (p.legOffsetMs < 0) {
            // a started event that comes after the leg's first frame does not move the clock the leg already runs on
            p.callStartMs = event.timestampMs();
        }
        p.hotwords = event.hotwords() == null ? List.of() : List.copyOf(event.hotwords());
        progress.update(p);
        ended.clear();
    }

    private LegProgress progressOrNew() throws Exception {
        LegProgress p = progress.value();
        return p != null ? p : new LegProgress();
    }

    private void onFrame(LegKey key, AudioFrame frame) throws Exception {
        metrics.frames.inc();
        LegProgress p = progress.value();
        if (p == null) {
            // only a leg without progress can be over: the tombstone is read once per leg, not per frame
            if (Boolean.TRUE.equals(ended.value())) {
                deadLetter(key, frame, "frame-after-call-end", "frame arrived after the call ended");
                return;
            }
            p = new LegProgress();
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        boolean firstFrame = p.legOffsetMs < 0;
        if (firstFrame) {
            p.legOffsetMs = p.callStartMs > 0 ? Math.max(0, frame.capturedAtMs() - p.callStartMs) : 0;
            if (p.callStartMs <= 0) {
                p.callStartMs = frame.capturedAtMs(); // no started event: the call's clock starts with this leg
            }
            metrics.legStarted(key);
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now + settings.idleTimeoutMs());
        }
        // The clocks only steer timers: writing them when either moved PROGRESS_WRITE_MS saves a state write
        // per frame. The capture clock counts too: working through a backlog it runs far ahead of processing time.
        if (firstFrame || now - p.lastFrameAtMs >= PROGRESS_WRITE_MS || frame.capturedAtMs() - p.lastCapturedAtMs >= PROGRESS_WRITE_MS) {
            boolean wasCaughtUp = caughtUp(p);
            p.lastFrameAtMs = now;
            p.lastCapturedAtMs = frame.capturedAtMs();
            progress.update(p);
            if (p.endRequested && !wasCaughtUp && caughtUp(p)) {
                // the ended event overtook this audio by more than the end grace, whose timer found the leg behind
                timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now + settings.endGraceMs());
            }
        }
        LegAudioState audio = audioState.value();
        if (audio == null) {
            audio = new LegAudioState();
        }
        JitterCounters before = audio.jitterBuffer().counters().copy();
        List<LegAudioChunk> chunks;
        long started = THREADS.getCurrentThreadCpuTime();
        try {
            chunks = receiver.receive(audio, frame);
        } catch (IllegalArgumentException e) {
            deadLetter(key, frame, "undecodable-frame", e.getMessage());
            return;
        } finally {
            metrics.frontEndCpuNanos.inc(THREADS.getCurrentThreadCpuTime() - started);
        }
        metrics.countJitter(before, audio.jitterBuffer().counters());
        audioState.update(audio);
        armJitterDeadline(audio, now, frame.capturedAtMs());
        queueForVad(key, chunks);
    }

    /** A timer for when the jitter buffer next gives up a missing frame; {@code gatewayNow} is {@code now} on the frames' clock. */
    private void armJitterDeadline(LegAudioState audio, long now, long gatewayNow) {
        long deadline = receiver.deadline(audio);
        if (deadline != Long.MAX_VALUE) {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now + Math.max(1, deadline - gatewayNow));
        }
    }

    private void queueForVad(LegKey key, List<LegAudioChunk> chunks) throws Exception {
        if (chunks.isEmpty()) {
            return;
        }
        float[] queued = pending.value();
        int total = queued == null ? 0 : queued.length;
        for (LegAudioChunk c : chunks) {
            total += c.samples().length;
        }
        float[] joined = queued == null ? new float[total] : Arrays.copyOf(queued, total);
        int at = queued == null ? 0 : queued.length;
        for (LegAudioChunk c : chunks) {
            System.arraycopy(c.samples(), 0, joined, at, c.samples().length);
            at += c.samples().length;
        }
        pending.update(joined);
        if (joined.length >= vad.chunkSamples()) {
            withPendingChunk.add(key);
            if (withPendingChunk.size() >= settings.maxVadBatch()) {
                runVad();
            }
        }
    }

    /**
     * Runs every leg with a full chunk pending through the VAD, one batched model call per round.
     * Switches between legs' keys, so the caller's key is restored at the end.
     */
    private void runVad() throws Exception {
        Object callerKey = getCurrentKey();
        try {
            runVadRounds();
        } finally {
            if (callerKey != null) {
                setCurrentKey(callerKey);
            }
        }
    }

    private void runVadRounds() throws Exception {
        int chunk = vad.chunkSamples();
        while (!withPendingChunk.isEmpty()) {
            List<LegKey> batch = new ArrayList<>(Math.min(withPendingChunk.size(), settings.maxVadBatch()));
            for (LegKey k : withPendingChunk) {
                if (batch.size() == settings.maxVadBatch()) {
                    break;
                }
                batch.add(k);
            }
            int n = batch.size();
            VadState[] states = new VadState[n];
            float[][] audio = new float[n][];
            for (int i = 0; i < n; i++) {
                setCurrentKey(batch.get(i));
                VadState s = vadState.value();
                // a state restored from a run whose VAD model ran at the other rate starts afresh
                states[i] = s != null && vad.accepts(s) ? s : vad.newState();
                audio[i] = pending.value();
            }
            float[] probabilities = new float[n];
            long started = THREADS.getCurrentThreadCpuTime();
            vad.probabilities(states, audio, new int[n], n, probabilities);
            metrics.vadCpuNanos.inc(THREADS.getCurrentThreadCpuTime() - started);
            metrics.vadBatchSize = n;
            for (int i = 0; i < n; i++) {
                LegKey key = batch.get(i);
                setCurrentKey(key);
                vadState.update(states[i]);
                float[] rest = Arrays.copyOfRange(audio[i], chunk, audio[i].length);
                pending.update(rest);
                if (rest.length < chunk) {
                    withPendingChunk.remove(key);
                }
                afterChunk(key, Arrays.copyOf(audio[i], chunk), probabilities[i]);
            }
        }
    }

    /** Feeds one VAD-scored chunk to the endpoint rules and the utterance buffer. */
    private void afterChunk(LegKey key, float[] samples, float probability) throws Exception {
        SegmenterState s = segmenterState.value();
        if (s == null) {
            s = new SegmenterState();
        }
        LegProgress p = progressOrNew();
        if (p.bufferLength == 0) {
            p.bufferStart = s.position();
        }
        utterance.add(toPcm16(samples));
        p.bufferLength += samples.length;
        metrics.bufferedAudioBytes.update(p.bufferLength * Short.BYTES);
        SpeechSpan span = segmenter.accept(s, probability);
        if (span != null) {
            emitFinal(key, p, span);
        }
        SpeechSpan pause = settings.pausePartials() ? segmenter.pauseSpan(s) : null;
        if (pause != null) {
            emitPartial(key, p, RequestKind.PAUSE_PARTIAL, pause, s.position());
        } else if (s.inSpeech()) {
            long covered = Math.max(0, p.lastPartialAt - s.segmentStart());
            long interval = Math.max(partialIntervalSamples, (long) (settings.partialIntervalShare() * covered));
            if (partialIntervalSamples > 0 && s.position() - Math.max(p.lastPartialAt, s.segmentStart()) >= interval) {
                emitPartial(key, p, RequestKind.PARTIAL, new SpeechSpan(s.segmentStart(), s.position()), s.position());
            }
        } else if (p.bufferLength > padSamples + 2L * samples.length) {
            // outside speech keep only what the next segment's leading padding can reach back to
            trimBuffer(p, s.position() - padSamples - samples.length);
        }
        segmenterState.update(s);
        progress.update(p);
    }

    private void emitPartial(LegKey key, LegProgress p, RequestKind kind, SpeechSpan span, long position) throws Exception {
        p.revision++;
        p.lastPartialAt = position;
        metrics.partials.inc();
        output.collect(new StreamRecord<>(request(key, p, kind, span.start(), bufferRange(p, span.start(), span.end()), p.revision)));
    }

    private void emitFinal(LegKey key, LegProgress p, SpeechSpan span) throws Exception {
        short[] audio = bufferRange(p, span.start(), span.end());
        p.finalsEmitted++;
        metrics.finals.inc();
        output.collect(new StreamRecord<>(request(key, p, RequestKind.FINAL, span.start(), audio, p.revision + 1)));
        p.revision = 0;
        p.lastPartialAt = span.end();
        trimBuffer(p, span.end());
    }

    private RecognitionRequest request(LegKey key, LegProgress p, RequestKind kind, long start, short[] audio, int revision) {
        String segmentId = key.callId() + "/" + key.leg().wireName() + "/" + start;
        return new RecognitionRequest(key, kind, segmentId, revision, start, audio, p.hotwords, Math.max(0, p.legOffsetMs),
                p.callStartMs, getProcessingTimeService().getCurrentProcessingTime(), p.finalsEmitted, null, null);
    }

    /** Samples [from, to) of the leg, from the utterance buffer. */
    private short[] bufferRange(LegProgress p, long from, long to) throws Exception {
        short[] all = bufferContents(p);
        int a = (int) Math.max(0, from - p.bufferStart);
        int b = (int) Math.min(all.length, Math.max(a, to - p.bufferStart));
        return Arrays.copyOfRange(all, a, b);
    }

    private short[] bufferContents(LegProgress p) throws Exception {
        short[] all = new short[(int) p.bufferLength];
        int at = 0;
        Iterable<short[]> parts = utterance.get();
        if (parts != null) {
            for (short[] part : parts) {
                int n = Math.min(part.length, all.length - at);
                System.arraycopy(part, 0, all, at, n);
                at += n;
            }
        }
        return all;
    }

    /** Drops buffered samples before {@code keepFrom}. */
    private void trimBuffer(LegProgress p, long keepFrom) throws Exception {
        if (keepFrom <= p.bufferStart) {
            return;
        }
        short[] all = bufferContents(p);
        int cut = (int) Math.min(all.length, keepFrom - p.bufferStart);
        short[] kept = Arrays.copyOfRange(all, cut, all.length);
        utterance.update(kept.length == 0 ? List.of() : List.of(kept));
        p.bufferStart += cut;
        p.bufferLength = kept.length;
    }

    @Override
    public void onProcessingTime(InternalTimer<LegKey, VoidNamespace> timer) throws Exception {
        LegKey key = timer.getKey();
        LegProgress p = progress.value();
        if (p == null) {
            return;
        }
        long now = timer.getTimestamp();
        LegAudioState audio = audioState.value();
        if (audio != null) {
            // The jitter buffer's deadlines are on the gateway's clock: map now onto it. Time before this
            // operator opened does not count: after a restore the frames the buffer waits for are replayed.
            long clock = getProcessingTimeService().getCurrentProcessingTime();
            long gatewayNow = p.lastCapturedAtMs + Math.max(0, clock - Math.max(p.lastFrameAtMs, openedAtMs));
            List<LegAudioChunk> released = receiver.releaseExpired(audio, gatewayNow);
            audioState.update(audio);
            queueForVad(key, released);
            armJitterDeadline(audio, clock, gatewayNow);
        }
        // After the call-ended event, the end grace applies once the leg's audio has caught up with the leg's
        // end (its last frame if the event says, else the hang-up); audio still far behind (a backlog) gets
        // the idle timeout's patience instead.
        long quiet = p.endRequested && caughtUp(p) ? settings.endGraceMs() : settings.idleTimeoutMs();
        // the last-frame time is written at most every PROGRESS_WRITE_MS, so quiet is measured to within that
        long quietSince = Math.max(Math.max(p.lastFrameAtMs, p.endRequestedAtMs), openedAtMs);
        if (now - quietSince >= quiet) {
            endLeg(key, p.endRequested ? "event" : "idle");
        } else {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, quietSince + quiet);
        }
    }

    @Override
    public void onEventTime(InternalTimer<LegKey, VoidNamespace> timer) {
        // segmentation runs on processing time only
    }

    /** The leg's audio has reached its end as the call-ended event states it. */
    private static boolean caughtUp(LegProgress p) {
        return p.lastCapturedAtMs >= p.endedAtMs - CAUGHT_UP_TOLERANCE_MS;
    }

    /** Ends the leg: releases all audio, closes the open segment, emits LEG_END, clears state. */
    private void endLeg(LegKey key, String endedBy) throws Exception {
        setCurrentKey(key);
        LegProgress known = progress.value();
        if (known != null && known.endRequested && known.legOffsetMs < 0 && known.callStartMs <= 0) {
            // An ended event for a leg that neither a started event nor a frame announced, even after the wait for
            // overtaken audio: there was no such call, so no summary, and the event is dead-lettered.
            eventDeadLetter(key, known.endedAtMs);
            progress.clear();
            ended.update(true);
            return;
        }
        LegAudioState audio = audioState.value();
        if (audio != null) {
            queueForVad(key, receiver.finish(audio));
        }
        runVad();
        setCurrentKey(key);
        LegProgress p = progressOrNew();
        SegmenterState s = segmenterState.value();
        if (s != null) {
            SpeechSpan last = segmenter.finish(s);
            if (last != null) {
                emitFinal(key, p, last);
            }
        }
        output.collect(new StreamRecord<>(new RecognitionRequest(key, RequestKind.LEG_END, key.callId() + "/" + key.leg().wireName() + "/end",
                0, 0, new short[0], p.hotwords, Math.max(0, p.legOffsetMs), p.callStartMs, getProcessingTimeService().getCurrentProcessingTime(),
                p.finalsEmitted, endedBy, null)));
        if (p.legOffsetMs >= 0) {
            metrics.legEnded(key);
        }
        audioState.clear();
        vadState.clear();
        segmenterState.clear();
        pending.clear();
        utterance.clear();
        progress.clear();
        withPendingChunk.remove(key);
        ended.update(true);
    }

    /**
     * Bounded input (a batch over recordings, a test) is over: no frame will come, so every open leg
     * ends now instead of waiting for timers that will not fire.
     */
    @Override
    public void endInput() throws Exception {
        for (LegKey key : legsInState()) {
            setCurrentKey(key);
            LegProgress p = progress.value();
            if (p != null) {
                endLeg(key, p.endRequested ? "event" : "end-of-input");
            }
        }
    }

    /** Every leg with progress in state on this subtask. */
    private List<LegKey> legsInState() throws Exception {
        org.apache.flink.runtime.state.KeyedStateBackend<LegKey> backend = getKeyedStateBackend();
        try (java.util.stream.Stream<LegKey> keys = backend.getKeys("progress", VoidNamespace.INSTANCE)) {
            return keys.toList();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        runVad();
    }

    private void deadLetter(LegKey key, AudioFrame frame, String reason, String detail) {
        metrics.deadLetter(reason);
        output.collect(DEAD_LETTERS, new StreamRecord<>(new DeadLetter(DeadLetter.VERSION, "call-audio", reason, detail,
                key.callId(), Base64.getEncoder().encodeToString(FRAME_CODEC.encode(frame)),
                getProcessingTimeService().getCurrentProcessingTime())));
    }

    private void eventDeadLetter(LegKey key, long endedAtMs) {
        metrics.deadLetter("event-for-unknown-call");
        CallEvent event = new CallEvent(CallEvent.VERSION, CallEvent.Type.ENDED, key.tenant(), key.callId(), List.of(key.leg()), null,
                null, null, null, endedAtMs, null);
        output.collect(DEAD_LETTERS, new StreamRecord<>(new DeadLetter(DeadLetter.VERSION, "call-events", "event-for-unknown-call",
                "a call-ended event for a leg with no started event and no frame (raw: the event as this leg saw it)", key.callId(),
                Base64.getEncoder().encodeToString(EVENT_CODEC.encode(event)), getProcessingTimeService().getCurrentProcessingTime())));
    }

    private static short[] toPcm16(float[] samples) {
        short[] out = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            float v = samples[i] * 32768f;
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (vad != null) {
            vad.close();
        }
        super.close();
    }

    /** The operator's metrics, registered in one place. */
    private static final class LegMetrics {
        final MetricGroup group;
        final Counter frames;
        final Counter partials;
        final Counter finals;
        final Counter duplicates;
        final Counter late;
        final Counter lost;
        /** CPU time in jitter buffering, decoding and resampling: the front end's cost. */
        final Counter frontEndCpuNanos;
        /** CPU time in VAD model calls (one ONNX Runtime thread: the calling one). */
        final Counter vadCpuNanos;
        final Map<String, Counter> deadLetters = new HashMap<>();
        /** Audio a leg holds in state (its open utterance), sampled at every VAD chunk: state size per leg. */
        final Histogram bufferedAudioBytes;
        /** Open legs per call on this subtask: the active legs and calls gauges. */
        final Map<String, Integer> legsPerCall = new HashMap<>();
        long activeLegs;
        int vadBatchSize;

        LegMetrics(MetricGroup group) {
            this.group = group;
            frames = group.counter("frames");
            partials = group.counter("partialRequests");
            finals = group.counter("finalRequests");
            duplicates = group.counter("duplicateFrames");
            late = group.counter("lateFrames");
            lost = group.counter("lostFrames");
            frontEndCpuNanos = group.counter("frontEndCpuNanos");
            vadCpuNanos = group.counter("vadCpuNanos");
            group.gauge("activeLegs", (Gauge<Long>) () -> activeLegs);
            group.gauge("activeCalls", (Gauge<Integer>) legsPerCall::size);
            bufferedAudioBytes = group.histogram("bufferedAudioBytes", new DescriptiveStatisticsHistogram(2000));
            group.gauge("vadBatchSize", (Gauge<Integer>) () -> vadBatchSize);
        }

        void legStarted(LegKey key) {
            activeLegs++;
            legsPerCall.merge(key.tenant() + "/" + key.callId(), 1, Integer::sum);
        }

        void legEnded(LegKey key) {
            activeLegs--;
            legsPerCall.computeIfPresent(key.tenant() + "/" + key.callId(), (k, n) -> n > 1 ? n - 1 : null);
        }

        void countJitter(JitterCounters before, JitterCounters after) {
            duplicates.inc(after.duplicates() - before.duplicates());
            late.inc(after.late() - before.late());
            lost.inc(after.lost() - before.lost());
        }

        void deadLetter(String reason) {
            deadLetters.computeIfAbsent(reason, r -> group.addGroup("deadLetters").counter(r)).inc();
        }
    }
}
