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
}
