package io.callscribe.assembly;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.WavEncoding;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.inference.RecognitionRequest;
import io.callscribe.inference.RecognitionResult;
import io.callscribe.inference.RequestKind;
import io.callscribe.models.asr.TranscriptFlag;
import io.callscribe.pipeline.LegKey;
import io.callscribe.text.pii.PiiCarry;
import io.callscribe.text.pii.PiiPolicy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.BooleanSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where a transcript is assembled and routed, per leg: results arrive in any order (the async stage
 * is unordered); stale partials (older revision, or of a segment already final) are dropped;
 * partials and finals are emitted as {@link TranscriptSegment}s; finals below the tenant's
 * confidence threshold, and failed ones, also go to review; when the leg has ended and all its
 * finals are in, its {@link CallSummary} is emitted and the leg's state cleared.
 *
 * <p>The tenant's PII policy is applied to every result before anything is emitted or kept: partials,
 * finals, the review items that carry them, and the summary, which is built from the redacted finals.
 * Unredacted text is never emitted, logged or kept in this operator's state. A digit string open at
 * the end of a final is carried to the leg's next final in keyed state ({@link PiiCarry}: length and
 * Luhn sums only). Review items of redacted segments leave the audio out, since it says what the
 * text hides.
 */
public final class TranscriptAssembler extends KeyedProcessFunction<LegKey, RecognitionResult, TranscriptSegment> {

    public static final OutputTag<ReviewItem> REVIEW = new OutputTag<>("review") {};
    public static final OutputTag<CallSummary> SUMMARIES = new OutputTag<>("call-summaries") {};

    private final ReviewPolicy review;
    private final TenantPiiPolicies pii;
    private final SegmentRedactor redactor = new SegmentRedactor();
    /** How long a finished leg is remembered, so late partials do not start a new one. */
    private static final java.time.Duration FINISHED_LEG_MEMORY = java.time.Duration.ofMinutes(10);

    private transient ValueState<AssemblyState> state;
    private transient ValueState<Boolean> finished;
    private transient ListState<String> finalTexts;
    private transient ValueState<PiiCarry> piiCarry;
    private transient PiiMetrics piiMetrics;
    private transient Counter stalePartials;
    private transient Counter shedPartials;
    private transient Counter reviewed;
    private transient Counter finals;
    private transient Histogram finalLatencyMs;
    private transient Histogram partialLatencyMs;

    public TranscriptAssembler(ReviewPolicy review, TenantPiiPolicies pii) {
        this.review = review;
        this.pii = pii;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("assembly", AssemblyStateSerializer.INSTANCE));
        finalTexts = getRuntimeContext().getListState(new ListStateDescriptor<>("final-texts", StringSerializer.INSTANCE));
        ValueStateDescriptor<Boolean> finishedDescriptor = new ValueStateDescriptor<>("finished", BooleanSerializer.INSTANCE);
        finishedDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(FINISHED_LEG_MEMORY).build());
        finished = getRuntimeContext().getState(finishedDescriptor);
        piiCarry = getRuntimeContext().getState(new ValueStateDescriptor<>("pii-carry", PiiCarrySerializer.INSTANCE));
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("transcripts");
        stalePartials = metrics.counter("stalePartials");
        shedPartials = metrics.counter("shedPartials");
        reviewed = metrics.counter("reviewItems");
        finals = metrics.counter("finals");
        finalLatencyMs = metrics.histogram("finalLatencyMs", new DescriptiveStatisticsHistogram(2000));
        partialLatencyMs = metrics.histogram("partialLatencyMs", new DescriptiveStatisticsHistogram(2000));
        piiMetrics = new PiiMetrics(metrics);
    }

    @Override
    public void processElement(RecognitionResult result, Context ctx, Collector<TranscriptSegment> out) throws Exception {
        AssemblyState s = state.value();
        if (s == null) {
            if (Boolean.TRUE.equals(finished.value())) {
                // a partial answered after the leg's summary (finals are served first): too late to show
                stalePartials.inc();
                return;
            }
            s = new AssemblyState();
        }
        RecognitionRequest request = result.request();
        switch (request.kind()) {
            case PARTIAL, PAUSE_PARTIAL -> onPartial(s, result, out);
            case FINAL -> onFinal(s, result, ctx, out);
            case LEG_END -> {
                s.finalsExpected = request.finalsEmitted();
                s.endedBy = request.endedBy();
            }
        }
        if (s.finalsExpected >= 0 && s.finalsSeen >= s.finalsExpected) {
            emitSummary(ctx.getCurrentKey(), s, ctx, result.completedAtMs(), request.callStartMs());
            state.clear();
            finalTexts.clear();
            piiCarry.clear();
            finished.update(true);
        } else {
            state.update(s);
        }
    }

    private void onPartial(AssemblyState s, RecognitionResult result, Collector<TranscriptSegment> out) throws IOException {
        RecognitionRequest request = result.request();
        if (result.outcome() == RecognitionResult.Outcome.SHED) {
            shedPartials.inc();
            return;
        }
        boolean stale = s.recentFinals.contains(request.segmentId())
                || (request.segmentId().equals(s.openSegmentId) && request.revision() <= s.openRevision);
        if (stale) {
            stalePartials.inc();
            return;
        }
        s.openSegmentId = request.segmentId();
        s.openRevision = request.revision();
        partialLatencyMs.update(result.completedAtMs() - request.endpointAtMs());
        out.collect(segment(result, redact(result), false, result.flags()));
    }

    private void onFinal(AssemblyState s, RecognitionResult result, Context ctx, Collector<TranscriptSegment> out)
            throws Exception {
        RecognitionRequest request = result.request();
        s.finalsSeen++;
        s.rememberFinal(request.segmentId());
        if (request.segmentId().equals(s.openSegmentId)) {
            s.openSegmentId = "";
            s.openRevision = 0;
        }
        double threshold = review.threshold(request.leg().tenant());
        boolean failed = result.outcome() == RecognitionResult.Outcome.FAILED;
        boolean low = !failed && !result.text().isEmpty() && result.confidence() < threshold;
        // the model's own answer was no words: what a second decoding found is for a person to check,
        // whatever its confidence (calibrated on ordinary decoding, it does not know the end was withheld)
        boolean endedAtStart = !failed && result.flags().contains(TranscriptFlag.END_AT_START.name());
        List<String> flags = new ArrayList<>(result.flags());
        if (low) {
            flags.add("LOW_CONFIDENCE");
        }
        SegmentRedactor.Redacted redacted = redact(result);
        PiiCarry carried = carry();
        if (carried.precedes(startMs(request))) { // a final that overtook an earlier one leaves the carry as it is
            if (redacted.carry().isEmpty()) {
                piiCarry.clear();
            } else {
                piiCarry.update(redacted.carry());
            }
        }
        piiMetrics.countFinal(redacted.spans());
        TranscriptSegment segment = segment(result, redacted, true, flags);
        out.collect(segment);
        finals.inc();
        finalLatencyMs.update(segment.endpointToEmitMs());
        if (!result.text().isEmpty()) {
            s.nonEmptySegments++;
            s.talkTimeMs += segment.endMs() - segment.startMs();
            s.confidenceSum += result.confidence();
            finalTexts.add(request.startSample() + "\t" + segment.text());
        }
        if (failed || low || endedAtStart) {
            s.reviewCount++;
            reviewed.inc();
            String reason = failed ? "recognition failed: " + String.join("; ", result.flags())
                    : low ? String.format(Locale.ROOT, "confidence %.2f below tenant threshold %.2f", result.confidence(), threshold)
                    : "the model ended before its first word; these words are from decoding it again with the end withheld";
            boolean audio = review.includeAudio() && (redacted.spans().isEmpty() || pii.policy(request.leg().tenant()) != PiiPolicy.REDACT);
            ctx.output(REVIEW, new ReviewItem(ReviewItem.VERSION, segment, reason, audio ? wavBase64(request) : null));
        }
    }

    /** The tenant's PII policy applied to a result, given the leg's carry; partials do not change the carry. */
    private SegmentRedactor.Redacted redact(RecognitionResult result) throws IOException {
        RecognitionRequest r = result.request();
        return redactor.redact(result, pii.policy(r.leg().tenant()), carry(), startMs(r), endMs(r));
    }

    private PiiCarry carry() throws IOException {
        PiiCarry carried = piiCarry.value();
        return carried == null ? PiiCarry.NONE : carried;
    }

    private static long startMs(RecognitionRequest r) {
        return r.legOffsetMs() + r.startSample() * 1000 / RecognitionRequest.SAMPLE_RATE;
    }

    private static long endMs(RecognitionRequest r) {
        return r.legOffsetMs() + r.endSample() * 1000 / RecognitionRequest.SAMPLE_RATE;
    }

    private TranscriptSegment segment(RecognitionResult result, SegmentRedactor.Redacted redacted, boolean isFinal, List<String> flags) {
        RecognitionRequest r = result.request();
        return new TranscriptSegment(TranscriptSegment.VERSION, r.segmentId(), r.leg().tenant(), r.leg().callId(), r.leg().leg(),
                r.revision(), isFinal, startMs(r), endMs(r), redacted.text(), redacted.words(), result.confidence(), List.copyOf(flags),
                result.hotwords(), result.modelId(), result.completedAtMs() - r.endpointAtMs(), result.completedAtMs(),
                r.callStartMs());
    }

    private void emitSummary(LegKey key, AssemblyState s, Context ctx, long now, long callStartMs) throws Exception {
        List<String[]> parts = new ArrayList<>();
        for (String line : finalTexts.get()) {
            parts.add(line.split("\t", 2));
        }
        parts.sort(Comparator.comparingLong(p -> Long.parseLong(p[0])));
        String text = String.join(" ", parts.stream().map(p -> p[1]).toList());
        ctx.output(SUMMARIES, new CallSummary(CallSummary.VERSION, key.tenant(), key.callId(), key.leg(), text, s.talkTimeMs,
                s.nonEmptySegments, s.nonEmptySegments == 0 ? 0f : (float) (s.confidenceSum / s.nonEmptySegments),
                s.reviewCount, s.endedBy, now, callStartMs));
    }

    private static String wavBase64(RecognitionRequest request) {
        AudioClip clip = AudioClip.ofMono(request.audioAsFloats(), RecognitionRequest.SAMPLE_RATE);
        return Base64.getEncoder().encodeToString(AudioFiles.wavBytes(clip, WavEncoding.PCM_16));
    }
}
