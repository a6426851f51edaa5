package io.callscribe.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.contract.CallSummary;
import io.callscribe.contract.Leg;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.contract.WordTiming;
import io.callscribe.inference.RecognitionRequest;
import io.callscribe.inference.RecognitionResult;
import io.callscribe.inference.RecognitionResult.Outcome;
import io.callscribe.inference.RequestKind;
import io.callscribe.pipeline.LegKey;
import io.callscribe.text.pii.PiiPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** The transcript assembler through Flink's keyed harness, fed hand-made recognition results. */
class TranscriptAssemblerTest {

    private static final String CALL = "call-42";
    private static final LegKey AGENT = new LegKey("acme", CALL, Leg.AGENT);
    private static final LegKey CUSTOMER = new LegKey("acme", CALL, Leg.CUSTOMER);
    private static final LegKey STRICT_AGENT = new LegKey("strict", "call-43", Leg.AGENT);
    private static final long LEG_OFFSET_MS = 500;
    private static final long CALL_START_MS = 1_700_000_000_000L;
    private static final long ENDPOINT_AT = 10_000;

    private static final ReviewPolicy POLICY = new ReviewPolicy(0.6, Map.of("strict", 0.9), false);
    private static final TenantPiiPolicies PII = new TenantPiiPolicies(PiiPolicy.REDACT,
            Map.of("cleared", PiiPolicy.TAG, "raw", PiiPolicy.OFF));

    // ---------------------------------------------------------------------------------------------

    @Test
    void stalePartialsAreDroppedAndEachFinalIsEmittedOnce() throws Exception {
        try (var harness = harness(POLICY)) {
            harness.open();
            RecognitionRequest first = partial(AGENT, 0, 1, 16_000);
            harness.processElement(ok(first, "hel", 0.9f), 0);
            harness.processElement(ok(partial(AGENT, 0, 3, 48_000), "hello wor", 0.9f), 0);
            harness.processElement(ok(partial(AGENT, 0, 2, 32_000), "hello", 0.9f), 0); // older revision
            harness.processElement(ok(partial(AGENT, 0, 3, 48_000), "hello wor", 0.9f), 0); // the same revision again
            harness.processElement(shed(partial(AGENT, 0, 4, 56_000)), 0); // shed under load
            harness.processElement(ok(fin(AGENT, 0, 5, 60_000, 1), "hello world", 0.9f), 0);
            harness.processElement(ok(partial(AGENT, 0, 4, 56_000), "hello worl", 0.9f), 0); // its segment is final
            harness.processElement(ok(partial(AGENT, 80_000, 1, 16_000), "how", 0.8f), 0);
            harness.processElement(ok(fin(AGENT, 80_000, 2, 20_000, 2), "how are you", 0.8f), 0);
            harness.processElement(ok(partial(AGENT, 0, 2, 32_000), "hello", 0.9f), 0); // long-final segment

            List<TranscriptSegment> out = harness.extractOutputValues();
            assertEquals(List.of(
                    "partial " + CALL + "/agent/0 r1 hel",
                    "partial " + CALL + "/agent/0 r3 hello wor",
                    "final " + CALL + "/agent/0 r5 hello world",
                    "partial " + CALL + "/agent/80000 r1 how",
                    "final " + CALL + "/agent/80000 r2 how are you"),
                    out.stream().map(TranscriptAssemblerTest::describe).toList());

            TranscriptSegment hello = out.get(2);
            assertEquals("acme", hello.tenant());
            assertEquals(CALL, hello.callId());
            assertEquals(Leg.AGENT, hello.leg());
            assertEquals(LEG_OFFSET_MS, hello.startMs());
            assertEquals(CALL_START_MS, hello.callStartMs());
            assertEquals(LEG_OFFSET_MS + 60_000 / 16, hello.endMs());
            assertEquals(List.of(), hello.flags());
            assertEquals(List.of(), side(harness, TranscriptAssembler.REVIEW));
            assertEquals(List.of(), side(harness, TranscriptAssembler.SUMMARIES));
        }
    }

    @Test
    void aFinalWhoseWordsCameAfterTheModelEndedAtOnceGoesToReviewWhateverItsConfidence() throws Exception {
        try (var harness = harness(new ReviewPolicy(0.6, Map.of(), false))) {
            harness.open();
            harness.processElement(flagged(fin(AGENT, 0, 1, 16_000, 1), "a", 0.88f, "END_AT_START"), 0);
            harness.processElement(ok(fin(AGENT, 32_000, 1, 16_000, 2), "bye", 0.88f), 0);

            List<TranscriptSegment> out = harness.extractOutputValues();
            assertEquals(List.of("END_AT_START"), out.get(0).flags(), "0.88 is not low confidence");
            List<ReviewItem> review = side(harness, TranscriptAssembler.REVIEW);
            assertEquals(1, review.size(), "only the flagged final");
            assertEquals(CALL + "/agent/0", review.get(0).segment().segmentId());
            assertTrue(review.get(0).reason().startsWith("the model ended before its first word"), review.get(0).reason());
        }
    }

    @Test
    void lowConfidenceAndFailedFinalsGoToReviewAgainstTheirTenantsThreshold() throws Exception {
        ReviewPolicy withAudio = new ReviewPolicy(0.6, Map.of("strict", 0.9), true);
        try (var harness = harness(withAudio)) {
            harness.open();
            harness.processElement(ok(fin(AGENT, 0, 1, 16_000, 1), "maybe", 0.45f), 0);
            harness.processElement(ok(fin(AGENT, 32_000, 1, 16_000, 2), "surely", 0.75f), 0);
            harness.processElement(ok(fin(AGENT, 64_000, 1, 16_000, 3), "", 0.1f), 0); // silence: nothing to check
            harness.processElement(failed(fin(AGENT, 96_000, 1, 16_000, 4), "FAILED: recognition timed out"), 0);
            harness.processElement(ok(fin(STRICT_AGENT, 0, 1, 16_000, 1), "surely", 0.75f), 0);
            harness.processElement(ok(fin(STRICT_AGENT, 32_000, 1, 16_000, 2), "certainly", 0.95f), 0);

            List<TranscriptSegment> out = harness.extractOutputValues();
            assertEquals(6, out.size());
            assertEquals(List.of("LOW_CONFIDENCE"), out.get(0).flags());
            assertEquals(List.of(), out.get(1).flags(), "0.75 passes acme's default threshold 0.6");
            assertEquals(List.of(), out.get(2).flags());
            assertFalse(out.get(3).flags().contains("LOW_CONFIDENCE"));
            assertEquals(List.of("LOW_CONFIDENCE"), out.get(4).flags(), "0.75 fails strict's own threshold 0.9");
            assertEquals(List.of(), out.get(5).flags());

            List<ReviewItem> review = side(harness, TranscriptAssembler.REVIEW);
            assertEquals(3, review.size());
            assertEquals(CALL + "/agent/0", review.get(0).segment().segmentId());
            assertEquals("confidence 0.45 below tenant threshold 0.60", review.get(0).reason());
            assertEquals(List.of("LOW_CONFIDENCE"), review.get(0).segment().flags());
            assertEquals(CALL + "/agent/96000", review.get(1).segment().segmentId());
            assertTrue(review.get(1).reason().startsWith("recognition failed"), review.get(1).reason());
            assertTrue(review.get(1).reason().contains("recognition timed out"), review.get(1).reason());
            assertEquals("call-43/agent/0", review.get(2).segment().segmentId());
            assertEquals("strict", review.get(2).segment().tenant());
            assertEquals("confidence 0.75 below tenant threshold 0.90", review.get(2).reason());
            for (ReviewItem item : review) {
                assertNotNull(item.audioWavBase64());
                byte[] wav = Base64.getDecoder().decode(item.audioWavBase64());
                assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
                assertEquals(44 + 2 * 16_000, wav.length, "16 kHz PCM16 of the segment's second of audio");
            }
        }
        try (var harness = harness(POLICY)) {
            harness.open();
            harness.processElement(ok(fin(AGENT, 0, 1, 16_000, 1), "maybe", 0.45f), 0);
            ReviewItem item = side(harness, TranscriptAssembler.REVIEW).get(0);
            assertNull(item.audioWavBase64(), "audio is attached only when configured");
        }
    }

    @Test
    void aLegEndBeforeItsLastFinalHoldsTheSummaryUntilAllFinalsAreIn() throws Exception {
        try (var harness = harness(POLICY)) {
            harness.open();
            // results come back in any order: the third utterance first
            harness.processElement(ok(fin(AGENT, 64_000, 1, 4_800, 3), "three", 0.9f, 20_001), 0);
            harness.processElement(ok(fin(AGENT, 0, 1, 8_000, 1), "one", 0.8f, 20_002), 0);
            harness.processElement(ok(fin(CUSTOMER, 0, 1, 8_000, 1), "the other leg", 0.1f, 20_003), 0);
            harness.processElement(RecognitionResult.passThrough(legEnd(AGENT, 3, "event"), 20_004), 0);
            assertEquals(List.of(), side(harness, TranscriptAssembler.SUMMARIES),
                    "the leg ended after three finals, only two are in");
            harness.processElement(ok(partial(AGENT, 16_000, 1, 16_000), "tw", 0.9f), 0);
            assertEquals(List.of(), side(harness, TranscriptAssembler.SUMMARIES));

            harness.processElement(ok(fin(AGENT, 16_000, 2, 12_800, 2), "two", 0.4f, 20_005), 0);
            List<CallSummary> summaries = side(harness, TranscriptAssembler.SUMMARIES);
            assertEquals(1, summaries.size());
            CallSummary summary = summaries.get(0);
            assertEquals("acme", summary.tenant());
            assertEquals(CALL, summary.callId());
            assertEquals(Leg.AGENT, summary.leg());
            assertEquals("one two three", summary.text(), "text in segment order, not arrival order");
            assertEquals(500 + 800 + 300, summary.talkTimeMs());
            assertEquals(3, summary.segments());
            assertEquals((0.9f + 0.8f + 0.4f) / 3, summary.meanConfidence(), 1e-6);
            assertEquals(1, summary.reviewCount(), "\"two\" at 0.4 went to review");
            assertEquals("event", summary.endedBy());
            assertEquals(20_005, summary.endedAtMs());

            // the agent leg's state is gone but for its finished mark (TTL); the customer leg, still live,
            // keeps its own (bookkeeping and one text)
            assertEquals(3, harness.numKeyedStateEntries(), "only the customer leg's assembly state and the agent's mark are left");
        }
    }

    @Test
    void aPartialCompletingAfterTheSummaryIsDroppedAndLeavesOnlyTheFinishedMark() throws Exception {
        try (var harness = harness(POLICY)) {
            harness.open();
            // recognition is unordered and finals jump the queue: the partial can come back last
            harness.processElement(ok(fin(AGENT, 0, 2, 16_000, 1), "hello", 0.9f), 0);
            harness.processElement(RecognitionResult.passThrough(legEnd(AGENT, 1, "event"), 20_000), 0);
            assertEquals(1, side(harness, TranscriptAssembler.SUMMARIES).size());
            harness.processElement(ok(partial(AGENT, 0, 1, 8_000), "hel", 0.9f), 0);
            assertEquals(List.of("final " + CALL + "/agent/0 r2 hello"),
                    harness.extractOutputValues().stream().map(TranscriptAssemblerTest::describe).toList());
            assertEquals(1, harness.numKeyedStateEntries(), "nothing of the ended leg stays in state but its finished mark (TTL)");
        }
    }

    @Test
    void aCardNumberSplitAcrossTwoFinalsIsRedactedInPartialsFinalsReviewAndSummary() throws Exception {
        try (var harness = harness(new ReviewPolicy(0.6, Map.of(), true), PII)) {
            harness.open();
            // 4556 7375 8689 9855 (Luhn-valid), cut by a pause after twelve digits
            harness.processElement(ok(partial(AGENT, 0, 1, 40_000), words("my card number is four five five six", 0), 0.9f), 0);
            harness.processElement(ok(fin(AGENT, 0, 2, 64_000, 1),
                    words("my card number is four five five six seven three seven five eight six eight nine", 0), 0.5f), 0);
            assertEquals(3, harness.numKeyedStateEntries(), "assembly, final texts and the twelve open digits, carried");
            harness.processElement(ok(partial(AGENT, 72_000, 1, 8_000), words("nine eight", 4_500), 0.9f), 0);
            harness.processElement(ok(fin(AGENT, 72_000, 2, 24_000, 2), words("nine eight five five thank you", 4_500), 0.9f), 0);
            harness.processElement(RecognitionResult.passThrough(legEnd(AGENT, 2, "event"), 20_000), 0);

            List<TranscriptSegment> out = harness.extractOutputValues();
            assertEquals(List.of(
                    "partial " + CALL + "/agent/0 r1 my card number is [number]",
                    "final " + CALL + "/agent/0 r2 my card number is [number]",
                    "partial " + CALL + "/agent/72000 r1 [card]",
                    "final " + CALL + "/agent/72000 r2 [card] thank you"),
                    out.stream().map(TranscriptAssemblerTest::describe).toList());
            WordTiming first = out.get(1).words().get(4);
            assertEquals(new WordTiming("[number]", 1_700, 5_250, 0.5f, "number"), first,
                    "one word over the span's time stands for it");
            assertEquals("card", out.get(3).words().get(0).pii());
            assertNull(out.get(3).words().get(1).pii());

            List<ReviewItem> review = side(harness, TranscriptAssembler.REVIEW);
            assertEquals(1, review.size(), "the 0.5 final");
            assertEquals("my card number is [number]", review.get(0).segment().text());
            assertNull(review.get(0).audioWavBase64(), "the audio says what the text hides");
            CallSummary summary = side(harness, TranscriptAssembler.SUMMARIES).get(0);
            assertEquals("my card number is [number] [card] thank you", summary.text());
            assertEquals(1, harness.numKeyedStateEntries(), "the carry is cleared with the leg");

            String everything = out.toString() + review + summary;
            for (String digit : List.of("four", "five", "six", "seven", "three", "eight", "nine")) {
                assertFalse(everything.contains(digit), digit + " leaked: " + everything);
            }
        }
    }

    @Test
    void eachTenantGetsItsOwnPolicy() throws Exception {
        LegKey cleared = new LegKey("cleared", "call-7", Leg.CUSTOMER);
        LegKey raw = new LegKey("raw", "call-8", Leg.CUSTOMER);
        String said = "call me at five five five one two three four five six seven please";
        try (var harness = harness(POLICY, PII)) {
            harness.open();
            harness.processElement(ok(fin(AGENT, 0, 1, 64_000, 1), words(said, 0), 0.9f), 0);
            harness.processElement(ok(fin(cleared, 0, 1, 64_000, 1), words(said, 0), 0.9f), 0);
            harness.processElement(ok(fin(raw, 0, 1, 64_000, 1), words(said, 0), 0.9f), 0);
            List<TranscriptSegment> out = harness.extractOutputValues();
            assertEquals("call me at [phone] please", out.get(0).text());
            assertEquals(said, out.get(1).text(), "tag keeps the words");
            assertEquals(Arrays.asList(null, null, null, "phone", "phone", "phone", "phone", "phone", "phone", "phone", "phone",
                    "phone", "phone", null), out.get(1).words().stream().map(WordTiming::pii).toList());
            assertEquals(said, out.get(2).text());
            assertTrue(out.get(2).words().stream().allMatch(w -> w.pii() == null), "off marks nothing");
        }
    }

    @Test
    void aFinalThatOvertakesAnEarlierOneIsJudgedAloneAndLeavesTheCarry() throws Exception {
        try (var harness = harness(POLICY, PII)) {
            harness.open();
            // the second half's final comes back first
            harness.processElement(ok(fin(AGENT, 72_000, 1, 24_000, 2), words("nine eight five five thank you", 4_500), 0.9f), 0);
            harness.processElement(ok(fin(AGENT, 0, 1, 64_000, 1),
                    words("my card number is four five five six seven three seven five eight six eight nine", 0), 0.9f), 0);
            List<TranscriptSegment> out = harness.extractOutputValues();
            assertEquals("nine eight five five thank you", out.get(0).text(), "four digits mid-sentence, alone, are nothing");
            assertEquals("my card number is [number]", out.get(1).text());
            assertEquals(3, harness.numKeyedStateEntries(), "assembly, final texts and the card talk (no open digits)");
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static KeyedOneInputStreamOperatorTestHarness<LegKey, RecognitionResult, TranscriptSegment> harness(
            ReviewPolicy policy) throws Exception {
        return harness(policy, TenantPiiPolicies.all(PiiPolicy.REDACT));
    }

    private static KeyedOneInputStreamOperatorTestHarness<LegKey, RecognitionResult, TranscriptSegment> harness(
            ReviewPolicy policy, TenantPiiPolicies pii) throws Exception {
        KeySelector<RecognitionResult, LegKey> byLeg = r -> r.request().leg();
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TranscriptAssembler(policy, pii)), byLeg,
                TypeInformation.of(LegKey.class));
    }

    /** Timed words as the recognizer gives them: 300 ms each from {@code startMs}, on the call's clock. */
    private static List<WordTiming> words(String text, long startMs) {
        String[] texts = text.split(" ");
        List<WordTiming> words = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            words.add(new WordTiming(texts[i], startMs + LEG_OFFSET_MS + 300L * i, startMs + LEG_OFFSET_MS + 300L * i + 250, 0.5f));
        }
        return words;
    }

    /** What went to a side output (the harness has no list for a tag nothing was sent to). */
    private static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<LegKey, RecognitionResult, TranscriptSegment> harness,
            OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static RecognitionRequest partial(LegKey leg, long start, int revision, int samples) {
        return request(leg, RequestKind.PARTIAL, start, revision, samples, 0);
    }

    private static RecognitionRequest fin(LegKey leg, long start, int revision, int samples, int finalsSoFar) {
        return request(leg, RequestKind.FINAL, start, revision, samples, finalsSoFar);
    }

    private static RecognitionRequest request(LegKey leg, RequestKind kind, long start, int revision, int samples,
            int finalsEmitted) {
        short[] audio = new short[samples];
        Arrays.fill(audio, (short) 1000);
        return new RecognitionRequest(leg, kind, leg.callId() + "/" + leg.leg().wireName() + "/" + start, revision, start,
                audio, List.of(), LEG_OFFSET_MS, CALL_START_MS, ENDPOINT_AT, finalsEmitted, null, null);
    }

    private static RecognitionRequest legEnd(LegKey leg, int finals, String endedBy) {
        return new RecognitionRequest(leg, RequestKind.LEG_END, leg.callId() + "/" + leg.leg().wireName() + "/end", 0, 0,
                new short[0], List.of(), LEG_OFFSET_MS, CALL_START_MS, ENDPOINT_AT, finals, endedBy, null);
    }

    private static RecognitionResult ok(RecognitionRequest request, String text, float confidence) {
        return ok(request, text, confidence, ENDPOINT_AT + 300);
    }

    private static RecognitionResult ok(RecognitionRequest request, String text, float confidence, long completedAt) {
        return new RecognitionResult(request, Outcome.OK, text, List.of(), confidence, List.of(), "test-model", completedAt, List.of());
    }

    private static RecognitionResult ok(RecognitionRequest request, List<WordTiming> words, float confidence) {
        String text = String.join(" ", words.stream().map(WordTiming::text).toList());
        return new RecognitionResult(request, Outcome.OK, text, words, confidence, List.of(), "test-model", ENDPOINT_AT + 300, List.of());
    }

    private static RecognitionResult flagged(RecognitionRequest request, String text, float confidence, String flag) {
        return new RecognitionResult(request, Outcome.OK, text, List.of(), confidence, List.of(flag), "test-model", ENDPOINT_AT + 300,
                List.of());
    }

    private static RecognitionResult shed(RecognitionRequest request) {
        return new RecognitionResult(request, Outcome.SHED, "", List.of(), 0f, List.of(), "test-model", ENDPOINT_AT + 300, List.of());
    }

    private static RecognitionResult failed(RecognitionRequest request, String flag) {
        return new RecognitionResult(request, Outcome.FAILED, "", List.of(), 0f, List.of(flag), "test-model", ENDPOINT_AT + 300, List.of());
    }

    private static String describe(TranscriptSegment s) {
        return (s.isFinal() ? "final " : "partial ") + s.segmentId() + " r" + s.revision() + " " + s.text();
    }
}
