package io.callscribe.job;

import io.callscribe.assembly.ReviewPolicy;
import io.callscribe.assembly.TenantPiiPolicies;
import io.callscribe.assembly.TranscriptAssembler;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.hotwords.HotwordAttacher;
import io.callscribe.hotwords.HotwordUpdateParser;
import io.callscribe.inference.AsyncRecognizer;
import io.callscribe.inference.InferenceSettings;
import io.callscribe.inference.RecognitionRequest;
import io.callscribe.inference.RecognitionRequestTypeInfo;
import io.callscribe.inference.RecognitionResult;
import io.callscribe.leg.JitterBufferConfig;
import io.callscribe.models.hotwords.HotwordLimits;
import io.callscribe.models.hotwords.HotwordRules;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.pipeline.LegInput;
import io.callscribe.segmentation.SegmentationOperator;
import io.callscribe.segmentation.SegmentationSettings;
import io.callscribe.text.pii.PiiPolicy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The transcription dataflow, independent of where input comes from and output goes: call input
 * -> per-leg segmentation (keyed state) -> batched async recognition -> per-leg assembly and
 * routing. Operator UIDs are fixed so savepoints map onto later versions of the job.
 */
public final class TranscriptionPipeline {

    /** What the pipeline produces. */
    public record Outputs(DataStream<TranscriptSegment> transcripts, DataStream<ReviewItem> review,
            DataStream<CallSummary> summaries, DataStream<DeadLetter> deadLetters) {

        public Outputs withMoreDeadLetters(DataStream<DeadLetter> more) {
            return new Outputs(transcripts, review, summaries, deadLetters.union(more));
        }
    }

    private TranscriptionPipeline() {}

    /** The pipeline with hot words from {@code hotwords.dir} only (recordings, tests). */
    public static Outputs build(DataStream<CallInput> inputs, ReadableConfig conf) {
        // a stream that never carries an update, bounded with the input (Flink's sources of an empty collection fail)
        DataStream<HotwordSet> none = inputs.flatMap((CallInput input, Collector<HotwordSet> out) -> { }, HotwordUpdateParser.SET_TYPE)
                .name("no hot-word updates");
        return build(inputs, none, conf);
    }

    /** @param hotwordUpdates tenants' hot-word sets as they change, broadcast to every recognition subtask */
    public static Outputs build(DataStream<CallInput> inputs, DataStream<HotwordSet> hotwordUpdates, ReadableConfig conf) {
        SingleOutputStreamOperator<LegInput> legInputs = inputs
                .process(new InputRouter(hotwordRules(conf)), TypeInformation.of(LegInput.class))
                .name("route input").uid("route-input");
        DataStream<DeadLetter> deadLetters = legInputs.getSideOutput(InputRouter.DEAD_LETTERS);
        DataStream<LegInput> admitted = legInputs;
        TenantLimits limits = limits(conf);
        if (!limits.unlimited()) {
            // Keyed by tenant so that every subtask's calls of a tenant are counted together (see TenantLimiter).
            SingleOutputStreamOperator<LegInput> limited = legInputs
                    .keyBy(in -> in.key().tenant())
                    .process(new TenantLimiter(limits, conf.get(JobOptions.IDLE_TIMEOUT).toMillis()), TypeInformation.of(LegInput.class))
                    .name("tenant limits").uid("tenant-limits");
            deadLetters = deadLetters.union(limited.getSideOutput(TenantLimiter.DEAD_LETTERS));
            admitted = limited;
        }
        SingleOutputStreamOperator<RecognitionRequest> requests = admitted
                .keyBy(LegInput::key)
                .transform("leg segmentation", RecognitionRequestTypeInfo.INSTANCE, new SegmentationOperator(segmentation(conf)))
                .uid("leg-segmentation");
        DataStream<RecognitionRequest> withHotwords = requests
                .connect(hotwordUpdates.broadcast(HotwordAttacher.TENANT_SETS))
                .process(new HotwordAttacher(conf.getOptional(JobOptions.HOTWORDS_DIR).orElse(null), hotwordRules(conf).limits()),
                        RecognitionRequestTypeInfo.INSTANCE)
                .name("tenant hot words").uid("tenant-hotwords");
        DataStream<RecognitionResult> results = AsyncDataStream.unorderedWait(withHotwords, new AsyncRecognizer(inference(conf)),
                        conf.get(JobOptions.INFERENCE_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS, conf.get(JobOptions.ASYNC_CAPACITY))
                .name("recognition").uid("recognition");
        SingleOutputStreamOperator<TranscriptSegment> transcripts = results
                .keyBy(r -> r.request().leg())
                .process(new TranscriptAssembler(review(conf), pii(conf)), TypeInformation.of(TranscriptSegment.class))
                .name("transcript assembly").uid("transcript-assembly");
        deadLetters = deadLetters.union(requests.getSideOutput(SegmentationOperator.DEAD_LETTERS));
        return new Outputs(transcripts, transcripts.getSideOutput(TranscriptAssembler.REVIEW),
                transcripts.getSideOutput(TranscriptAssembler.SUMMARIES), deadLetters);
    }

    static ExecutionProvider provider(ReadableConfig conf) {
        return ExecutionProvider.valueOf(conf.get(JobOptions.PROVIDER).toUpperCase(Locale.ROOT));
    }

    static SegmentationSettings segmentation(ReadableConfig conf) {
        int minSilence = (int) conf.get(JobOptions.MIN_SILENCE).toMillis();
        SegmenterConfig segmenter = new SegmenterConfig(conf.get(JobOptions.VAD_THRESHOLD).floatValue(),
                SegmenterConfig.DEFAULT.releaseGap(), SegmenterConfig.DEFAULT.minSpeechMs(), minSilence,
                (int) Math.min(conf.get(JobOptions.SPEECH_PAD).toMillis(), minSilence), (int) conf.get(JobOptions.MAX_SEGMENT).toMillis());
        JitterBufferConfig jitter = new JitterBufferConfig(conf.get(JobOptions.JITTER_WINDOW), JitterBufferConfig.DEFAULT.maxWaitMs(),
                JitterBufferConfig.DEFAULT.maxConcealmentMs(), JitterBufferConfig.DEFAULT.maxSequenceJump());
        return new SegmentationSettings(conf.get(JobOptions.MODEL_DIR), provider(conf), segmenter, jitter,
                conf.get(JobOptions.PARTIAL_INTERVAL).toMillis(), conf.get(JobOptions.PARTIAL_INTERVAL_SHARE), conf.get(JobOptions.PAUSE_PARTIALS),
                conf.get(JobOptions.IDLE_TIMEOUT).toMillis(),
                conf.get(JobOptions.VAD_BATCH_INTERVAL).toMillis(), conf.get(JobOptions.MAX_VAD_BATCH), conf.get(JobOptions.VAD_MODEL_RATE),
                conf.get(JobOptions.VAD_SILENCE_FLOOR),
                conf.get(JobOptions.ENDED_CALL_MEMORY).toMillis(), conf.get(JobOptions.END_GRACE).toMillis());
    }

    static InferenceSettings inference(ReadableConfig conf) {
        return new InferenceSettings(conf.get(JobOptions.MODEL_DIR), conf.get(JobOptions.RECOGNIZER), provider(conf),
                conf.get(JobOptions.WORKERS), conf.get(JobOptions.INTRA_OP_THREADS), conf.get(JobOptions.MAX_BATCH),
                conf.get(JobOptions.MAX_QUEUED_PARTIALS), conf.get(JobOptions.FINAL_ATTEMPTS),
                conf.get(JobOptions.ATTEMPT_TIMEOUT).toMillis(), hotwordRules(conf));
    }

    static HotwordRules hotwordRules(ReadableConfig conf) {
        HotwordLimits limits = new HotwordLimits(conf.get(JobOptions.HOTWORDS_MAX_PHRASES), conf.get(JobOptions.HOTWORDS_MAX_CALL_PHRASES),
                conf.get(JobOptions.HOTWORDS_MAX_PHRASE_CHARS), conf.get(JobOptions.HOTWORDS_MAX_PHRASE_TOKENS),
                HotwordLimits.DEFAULTS.minBoost(), conf.get(JobOptions.HOTWORDS_MAX_BOOST).floatValue());
        return new HotwordRules(limits, conf.get(JobOptions.HOTWORDS_CALL_BOOST).floatValue());
    }

    static TenantLimits limits(ReadableConfig conf) {
        return new TenantLimits(conf.get(JobOptions.LIMIT_CONCURRENT_CALLS), conf.get(JobOptions.LIMIT_FRAMES_PER_SECOND),
                integers(conf.get(JobOptions.LIMIT_TENANT_CONCURRENT_CALLS), JobOptions.LIMIT_TENANT_CONCURRENT_CALLS.key()),
                integers(conf.get(JobOptions.LIMIT_TENANT_FRAMES_PER_SECOND), JobOptions.LIMIT_TENANT_FRAMES_PER_SECOND.key()));
    }

    private static Map<String, Integer> integers(Map<String, String> byTenant, String option) {
        Map<String, Integer> values = new HashMap<>();
        byTenant.forEach((tenant, value) -> {
            try {
                values.put(tenant, Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": tenant " + tenant + " has '" + value + "', not a whole number");
            }
        });
        return values;
    }

    static ReviewPolicy review(ReadableConfig conf) {
        Map<String, Double> tenants = new HashMap<>();
        conf.get(JobOptions.REVIEW_TENANT_THRESHOLDS).forEach((tenant, value) -> tenants.put(tenant, Double.parseDouble(value)));
        return new ReviewPolicy(conf.get(JobOptions.REVIEW_THRESHOLD), tenants, conf.get(JobOptions.REVIEW_AUDIO));
    }

    static TenantPiiPolicies pii(ReadableConfig conf) {
        Map<String, PiiPolicy> tenants = new HashMap<>();
        conf.get(JobOptions.PII_TENANT_POLICIES).forEach((tenant, value) -> tenants.put(tenant, PiiPolicy.parse(value)));
        return new TenantPiiPolicies(conf.get(JobOptions.PII_POLICY), tenants);
    }
}
