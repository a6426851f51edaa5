package io.callscribe.job;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.CallSummary;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import io.callscribe.contract.ReviewItem;
import io.callscribe.contract.TranscriptSegment;
import io.callscribe.contract.WordTiming;
import io.callscribe.pii.SplicedNumberLeg;
import io.callscribe.pii.SpokenNumberCheck;
import io.callscribe.pii.SpokenNumbersRedactionTest;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.Impairments;
import io.callscribe.replay.Pacing;
import io.callscribe.replay.ReplaySink;
import io.callscribe.text.pii.PiiDetector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spliced card and phone numbers streamed through the whole job (mu-law frames, mini-cluster,
 * RocksDB, moonshine-base, the default REDACT policy): no two digits in a row reach any output
 * (partials, finals, their words, review items, summaries). A lone digit word is left to ordinary
 * speech: the recognizer hears "two of" in a garbled sentence as readily as in a number.
 */
class PiiRedactionPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void spokenNumbersNeverReachAnOutputUnredacted() throws Exception {
        SplicedNumberLeg customer = SpokenNumbersRedactionTest.leg();
        AudioClip agentCall = AudioFiles.read(PipelineTestCalls.channel("010eaccb7a23436f", "agent"));
        AudioClip agent = AudioClip.ofMono(Arrays.copyOf(agentCall.mono(), 12 * agentCall.sampleRate()), agentCall.sampleRate());
        List<CallInput> inputs = new ArrayList<>();
        CallReplayer.builder().tenant("harper-valley").callId("pii-call").legs(agent, customer.clip()).codec(Codec.PCMU)
                .impairments(Impairments.NONE).seed(3).pacing(Pacing.AS_FAST_AS_POSSIBLE).build()
                .replay(new ReplaySink() {
                    @Override
                    public void callStarted(CallEvent started) {
                        inputs.add(CallInput.of(started));
                    }

                    @Override
                    public void frame(AudioFrame frame) {
                        inputs.add(CallInput.of(frame));
                    }

                    @Override
                    public void callEnded(CallEvent ended) {
                        inputs.add(CallInput.of(ended));
                    }
                });

        Configuration conf = TranscriptionPipelineTest.jobConfig();
        // One segment per model call: batching with whatever else is queued moves the int8 model's words (a digit
        // heard as "feet"), which would make this test's recognizer output, and so what it checks, vary by run.
        conf.set(JobOptions.MAX_BATCH, 1);
        Map<String, List<String>> out = TranscriptionPipelineTest.run(inputs, conf);
        List<TranscriptSegment> segments = TranscriptionPipelineTest.parse(out.get("transcripts"), TranscriptSegment.class);
        List<ReviewItem> review = TranscriptionPipelineTest.parse(out.get("review"), ReviewItem.class);
        List<CallSummary> summaries = TranscriptionPipelineTest.parse(out.get("summaries"), CallSummary.class);

        List<String> texts = new ArrayList<>();
        for (TranscriptSegment s : segments) {
            texts.add(s.text());
            s.words().forEach(w -> texts.add(w.text()));
        }
        review.forEach(r -> texts.add(r.segment().text()));
        summaries.forEach(s -> texts.add(s.text()));
        for (String text : texts) {
            // A string still open at a segment's end (a partial at a pause between digit groups) is shown up to
            // 3 digits, within the first six a card may show (PiiDetector); anything before the end, one at most.
            assertTrue(SpokenNumberCheck.longestRunBeforeEnd(text) <= 1, "digits in a row reached an output: " + text);
            assertTrue(SpokenNumberCheck.trailingRun(text) < PiiDetector.MIN_OPEN_DIGITS, "an open string shown in full: " + text);
        }

        CallSummary caller = summaries.stream().filter(s -> s.leg() == Leg.CUSTOMER).findFirst().orElseThrow();
        List<WordTiming> marked = segments.stream().filter(TranscriptSegment::isFinal).flatMap(s -> s.words().stream())
                .filter(w -> w.pii() != null).toList();
        System.out.printf("job, spliced numbers: %d finals, %d partials, %d review items, %d redacted spans in finals %s%n"
                + "  customer summary: %s%n", segments.stream().filter(TranscriptSegment::isFinal).count(),
                segments.stream().filter(s -> !s.isFinal()).count(), review.size(), marked.size(),
                marked.stream().map(WordTiming::pii).toList(), caller.text());
        assertTrue(marked.size() >= 3, "the recognizer heard most numbers, so most must be marked: " + marked);
        assertTrue(marked.stream().allMatch(w -> w.text().startsWith("[" + w.pii() + "]")), marked.toString());
        assertTrue(segments.stream().filter(s -> s.leg() == Leg.AGENT && s.isFinal())
                .allMatch(s -> s.words().stream().map(WordTiming::pii).allMatch(Objects::isNull)), "the agent's greeting is left alone");
        for (ReviewItem r : review) {
            if (r.segment().words().stream().anyMatch(w -> w.pii() != null)) {
                assertNull(r.audioWavBase64(), "a redacted segment's audio stays out of review");
            }
        }
    }
}
