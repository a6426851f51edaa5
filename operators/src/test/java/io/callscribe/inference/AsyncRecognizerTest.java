package io.callscribe.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.assembly.ReviewPolicy;
import io.callscribe.assembly.TenantPiiPolicies;
import io.callscribe.assembly.TranscriptAssembler;
import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.contract.Leg;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.models.ModelStore;
import io.callscribe.models.hotwords.HotwordRules;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.pipeline.LegKey;
import io.callscribe.text.pii.PiiPolicy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recognition that does not answer in time, through Flink's async I/O operator as the job runs it
 * ({@code unorderedWait}) on the real tiny recognizer, its results then through the transcript
 * assembler: a final that times out is emitted flagged {@code FAILED} and goes to review, never
 * dropped; a partial that times out is shed. The harness's processing time is the test's to move,
 * so a timeout fires exactly when the test says.
 */
class AsyncRecognizerTest {

    private static final LegKey AGENT = new LegKey("acme", "call-7", Leg.AGENT);
    private static final long TIMEOUT_MS = 5_000;
    private static final InferenceSettings ONE_WORKER = new InferenceSettings(ModelStore.defaultRoot().toString(), "moonshine-tiny",
            ExecutionProvider.CPU, 1, 1, 1, 16, 3, 60_000, HotwordRules.DEFAULTS);
    private static short[] call;

    @BeforeAll
    static void readCall() throws Exception {
        String dir = System.getProperty("callscribe.evalDir", "/work/shared/eval");
        Path file = Path.of(dir, "hvb-callcenter-dev", "calls", "agent", "0002f70f7386445b.wav");
        AudioClip clip = AudioFiles.read(file);
        float[] samples = AudioClip.ofMono(clip.mono(), clip.sampleRate()).resampledTo(16_000, ResamplerKind.SINC).channel(0);
        call = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            call[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(samples[i] * 32768f)));
        }
    }

    @Test
    void aFinalThatTimesOutIsEmittedFlaggedFailedAndRoutedToReviewAndATimedOutPartialIsShed() throws Exception {
        // 25 s of speech keep the single worker busy for over a second: far longer than the test takes to time it out.
        RecognitionRequest slowFinal = request(RequestKind.FINAL, 0, 25, 1);
        RecognitionRequest partial = request(RequestKind.PARTIAL, 30, 2, 1);
        RecognitionRequest laterFinal = request(RequestKind.FINAL, 43.3, 2.5, 1); // "thank you for calling have a great day"
        List<RecognitionResult> results;
        try (var recognition = new OneInputStreamOperatorTestHarness<>(new AsyncWaitOperatorFactory<>(new AsyncRecognizer(ONE_WORKER),
                TIMEOUT_MS, 16, AsyncDataStream.OutputMode.UNORDERED), RecognitionRequestSerializer.INSTANCE)) {
            recognition.setProcessingTime(0);
            recognition.open();
            recognition.processElement(new StreamRecord<>(slowFinal, 0));
            recognition.processElement(new StreamRecord<>(partial, 0));
            recognition.setProcessingTime(TIMEOUT_MS); // both are still waiting for the worker
            recognition.processElement(new StreamRecord<>(laterFinal, 0)); // its timeout lies beyond the test's clock
            recognition.endInput(); // waits for the later final's recognition
            results = recognition.extractOutputValues();
        }
        results = results.stream().sorted(Comparator.comparingLong(r -> r.request().startSample())).toList();
        assertEquals(List.of(RecognitionResult.Outcome.FAILED, RecognitionResult.Outcome.SHED, RecognitionResult.Outcome.OK),
                results.stream().map(RecognitionResult::outcome).toList(), "one result per request, in segment order");
        assertEquals(List.of("FAILED: recognition timed out"), results.get(0).flags());
        assertFalse(results.get(2).text().isBlank(), "the final after the timeouts is recognized: " + results.get(2));

        try (var assembly = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TranscriptAssembler(
                new ReviewPolicy(0.0, Map.of(), false), TenantPiiPolicies.all(PiiPolicy.REDACT))),
                (KeySelector<RecognitionResult, LegKey>) r -> r.request().leg(), TypeInformation.of(LegKey.class))) {
            assembly.open();
            for (RecognitionResult r : results) {
                assembly.processElement(r, 0);
            }
            List<TranscriptSegment> transcripts = assembly.extractOutputValues();
            assertEquals(List.of(slowFinal.segmentId(), laterFinal.segmentId()), transcripts.stream().map(TranscriptSegment::segmentId).toList(),
                    "both finals emitted, the shed partial not");
            TranscriptSegment failed = transcripts.get(0);
            assertTrue(failed.isFinal());
            assertEquals("", failed.text());
            assertEquals(List.of("FAILED: recognition timed out"), failed.flags());
            var review = assembly.getSideOutput(TranscriptAssembler.REVIEW);
            List<ReviewItem> items = review == null ? List.of() : review.stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of(slowFinal.segmentId()), items.stream().map(i -> i.segment().segmentId()).toList(),
                    "the failed final goes to review (review threshold 0: nothing else does)");
            assertTrue(items.get(0).reason().contains("recognition timed out"), items.get(0).reason());
        }
    }

    /** A request for {@code seconds} of the call's audio from {@code fromSeconds}, on the leg's 16 kHz clock. */
    private static RecognitionRequest request(RequestKind kind, double fromSeconds, double seconds, int revision) {
        int start = (int) (fromSeconds * 16_000);
        short[] audio = Arrays.copyOfRange(call, start, start + (int) (seconds * 16_000));
        return new RecognitionRequest(AGENT, kind, AGENT.callId() + "/agent/" + start, revision, start, audio, List.of(), 0,
                1_700_000_000_000L, 0, 0, null, null);
    }
}
