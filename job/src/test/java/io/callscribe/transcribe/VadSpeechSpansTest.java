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
import io.callscribe.models.vad.SpeechSegmenter;
import io.callscribe.models.vad.SpeechSpan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Silero VAD with our endpoint rules against the human transcript's speech spans of real calls. */
class VadSpeechSpansTest {

    @Test
    void vadSpansCoverTheHumanSpeechSpansOfAllEightDevChannels() {
        List<EvalManifest.Entry> channels = EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv"));
        EvalAudio audio = new EvalAudio(ResamplerKind.SINC, TelephonyCondition.PCM);
        SpeechTimeOverlap total = null;
        try (SileroVad vad = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu())) {
            ChannelSegmenter segmenter = new ChannelSegmenter(vad, new SpeechSegmenter(SegmenterConfig.DEFAULT, 16000, vad.chunkSamples()));
            for (EvalManifest.Entry channel : channels) {
                float[] samples = audio.load(channel.audio());
                List<SpeechSpan> spans = segmenter.segment(samples);
                List<SpeechTimeOverlap.Span> detected = spans.stream()
                        .map(s -> new SpeechTimeOverlap.Span(s.start() / 16, s.end() / 16)).toList();
                SpeechTimeOverlap overlap = SpeechTimeOverlap.of(HvbSpeechSpans.forChannel(channel.audio()).orElseThrow(),
                        detected, samples.length / 16);
                System.out.printf("%s: %d spans, recall %.3f precision %.3f%n", channel.audio().getFileName(), spans.size(),
                        overlap.recall(), overlap.precision());
                total = total == null ? overlap : total.plus(overlap);
            }
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
        List<EvalManifest.Entry> channels = EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv"));
        EvalAudio audio = new EvalAudio(ResamplerKind.SINC, TelephonyCondition.PCM);
        SpeechTimeOverlap at8k = null;
        SpeechTimeOverlap at16k = null;
        try (SileroVad halving = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, 8000, EvalData.cpu());
             SileroVad full = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu())) {
            SpeechSegmenter rules = new SpeechSegmenter(SegmenterConfig.DEFAULT, 16000, full.chunkSamples());
            assertEquals(full.chunkSamples(), halving.chunkSamples(), "32 ms of input per chunk either way");
            for (EvalManifest.Entry channel : channels) {
                float[] samples = audio.load(channel.audio());
                List<SpeechTimeOverlap.Span> human = HvbSpeechSpans.forChannel(channel.audio()).orElseThrow();
                SpeechTimeOverlap h = SpeechTimeOverlap.of(human, spans(new ChannelSegmenter(halving, rules).segment(samples)),
                        samples.length / 16);
                SpeechTimeOverlap f = SpeechTimeOverlap.of(human, spans(new ChannelSegmenter(full, rules).segment(samples)),
                        samples.length / 16);
                at8k = at8k == null ? h : at8k.plus(h);
                at16k = at16k == null ? f : at16k.plus(f);
            }
        }
        System.out.printf("VAD model at 8 kHz on halved audio: recall %.3f precision %.3f F1 %.3f (16 kHz model: recall %.3f "
                + "precision %.3f F1 %.3f)%n", at8k.recall(), at8k.precision(), f1(at8k), at16k.recall(), at16k.precision(), f1(at16k));
        assertTrue(at8k.recall() >= 0.90, "recall " + at8k.recall());
        assertTrue(f1(at8k) >= f1(at16k) - 0.03, "F1 " + f1(at8k) + " against " + f1(at16k));
    }

    @Test
    void theSilenceGateSkipsMostOfACallLegsChunksAndFindsTheHumanSpeechAsWellAsTheModelOnEveryChunk() {
        List<EvalManifest.Entry> channels = EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv"));
        EvalAudio audio = new EvalAudio(ResamplerKind.SINC, TelephonyCondition.PCM);
        SpeechTimeOverlap gatedTotal = null;
        SpeechTimeOverlap ungatedTotal = null;
        long chunks = 0;
        try (SileroVad gated = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu()).silenceFloor(-60);
             SileroVad ungated = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu())) {
            SpeechSegmenter rules = new SpeechSegmenter(SegmenterConfig.DEFAULT, 16000, gated.chunkSamples());
            for (EvalManifest.Entry channel : channels) {
                float[] samples = audio.load(channel.audio());
                chunks += samples.length / gated.chunkSamples();
                List<SpeechTimeOverlap.Span> human = HvbSpeechSpans.forChannel(channel.audio()).orElseThrow();
                SpeechTimeOverlap g = SpeechTimeOverlap.of(human, spans(new ChannelSegmenter(gated, rules).segment(samples)),
                        samples.length / 16);
                SpeechTimeOverlap u = SpeechTimeOverlap.of(human, spans(new ChannelSegmenter(ungated, rules).segment(samples)),
                        samples.length / 16);
                gatedTotal = gatedTotal == null ? g : gatedTotal.plus(g);
                ungatedTotal = ungatedTotal == null ? u : ungatedTotal.plus(u);
            }
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

    private static double f1(SpeechTimeOverlap overlap) {
        return 2 * overlap.recall() * overlap.precision() / (overlap.recall() + overlap.precision());
    }

    private static List<SpeechTimeOverlap.Span> spans(List<SpeechSpan> spans) {
        return spans.stream().map(s -> new SpeechTimeOverlap.Span(s.start() / 16, s.end() / 16)).toList();
    }
}
