package io.callscribe.transcribe;

import io.callscribe.audio.ResamplerKind;
import io.callscribe.eval.EvalAudio;
import io.callscribe.eval.EvalData;
import io.callscribe.eval.EvalManifest;
import io.callscribe.eval.HvbSpeechSpans;
import io.callscribe.eval.SpeechTimeOverlap;
import io.callscribe.eval.TelephonyCondition;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.models.vad.SpeechSpan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Silero VAD with our endpoint rules against the human transcript's speech spans of real calls. */
class VadSpeechSpansTest {

    private static final List<EvalManifest.Entry> CHANNELS =
            EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv"));
    private static final EvalAudio AUDIO = new EvalAudio(ResamplerKind.SINC, TelephonyCondition.PCM);

    @Test
    void vadSpansCoverTheHumanSpeechSpansOfAllEightDevChannels() {
        SpeechTimeOverlap total;
        try (SileroVad vad = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu())) {
            total = againstHumanSpans(vad);
        }
        System.out.printf("VAD speech time over 8 channels: human %.1f s, detected %.1f s, recall %.3f, precision %.3f%n",
                total.referenceSeconds(), total.detectedSeconds(), total.recall(), total.precision());
        // Human spans are tight (word boundaries) while ours carry 200 ms padding at each end and
        // bridge pauses under 500 ms, so precision is naturally lower than recall.
        assertTrue(total.recall() >= 0.90, "recall " + total.recall());
        assertTrue(total.precision() >= 0.60, "precision " + total.precision());
    }

    /** {@code vad.model-rate: 8000}: Silero's 8 kHz model on the 16 kHz audio halved finds the speech nearly as well. */
    @Test
    void theEightKilohertzModelOnHalvedAudioFindsTheHumanSpeechNearlyAsWellAsTheSixteenKilohertzModel() {
        SpeechTimeOverlap at8k;
        SpeechTimeOverlap at16k;
        try (SileroVad halving = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, 8000, EvalData.cpu());
             SileroVad full = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu())) {
            assertEquals(full.chunkSamples(), halving.chunkSamples(), "32 ms of input per chunk either way");
            at8k = againstHumanSpans(halving);
            at16k = againstHumanSpans(full);
        }
        System.out.printf("VAD model at 8 kHz on halved audio: recall %.3f precision %.3f F1 %.3f (16 kHz model: recall %.3f "
                + "precision %.3f F1 %.3f)%n", at8k.recall(), at8k.precision(), f1(at8k), at16k.recall(), at16k.precision(), f1(at16k));
        assertTrue(at8k.recall() >= 0.90, "recall " + at8k.recall());
        assertTrue(f1(at8k) >= f1(at16k) - 0.03, "F1 " + f1(at8k) + " against " + f1(at16k));
    }

    @Test
    void theSilenceGateSkipsMostOfACallLegsChunksAndFindsTheHumanSpeechAsWellAsTheModelOnEveryChunk() {
        try (SileroVad gated = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu()).silenceFloor(-60);
             SileroVad ungated = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu())) {
            SpeechTimeOverlap gatedTotal = againstHumanSpans(gated);
            SpeechTimeOverlap ungatedTotal = againstHumanSpans(ungated);
            long chunks = CHANNELS.stream().mapToLong(c -> AUDIO.load(c.audio()).length / gated.chunkSamples()).sum();
            double skipped = gated.gatedChunks() / (double) chunks;
            System.out.printf("silence gate: %.1f %% of %d chunks skipped; against the human speech spans recall %.3f precision %.3f "
                    + "F1 %.3f (the model on every chunk: recall %.3f precision %.3f F1 %.3f)%n", 100 * skipped, chunks,
                    gatedTotal.recall(), gatedTotal.precision(), f1(gatedTotal), ungatedTotal.recall(), ungatedTotal.precision(),
                    f1(ungatedTotal));
            assertEquals(0, ungated.gatedChunks());
            assertTrue(skipped > 0.5, "each leg is mostly silence while the other party talks: " + skipped);
            // our spans are padded and bridge short pauses while the human ones are tight, so recall and
            // precision trade against each other; their harmonic mean says how well speech is found
            assertTrue(f1(gatedTotal) >= f1(ungatedTotal) - 0.01, "F1 " + f1(gatedTotal) + " against " + f1(ungatedTotal));
        }
    }

    /** The VAD's spans under the default endpoint rules against the human speech spans, summed over the eight dev channels. */
    private static SpeechTimeOverlap againstHumanSpans(SileroVad vad) {
        ChannelSegmenter segmenter = new ChannelSegmenter(vad, SegmenterConfig.DEFAULT);
        SpeechTimeOverlap total = null;
        for (EvalManifest.Entry channel : CHANNELS) {
            float[] samples = AUDIO.load(channel.audio());
            SpeechTimeOverlap overlap = SpeechTimeOverlap.of(HvbSpeechSpans.forChannel(channel.audio()).orElseThrow(),
                    spans(segmenter.segment(samples)), samples.length / 16);
            total = total == null ? overlap : total.plus(overlap);
        }
        return total;
    }

    private static double f1(SpeechTimeOverlap overlap) {
        return 2 * overlap.recall() * overlap.precision() / (overlap.recall() + overlap.precision());
    }

    private static List<SpeechTimeOverlap.Span> spans(List<SpeechSpan> spans) {
        return spans.stream().map(s -> new SpeechTimeOverlap.Span(s.start() / 16, s.end() / 16)).toList();
    }
}
