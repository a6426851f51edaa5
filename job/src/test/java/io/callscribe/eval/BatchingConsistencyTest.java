package io.callscribe.eval;

import io.callscribe.audio.ResamplerKind;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.models.vad.VadState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Batching across calls must not change what each call gets. */
class BatchingConsistencyTest {

    private static final EvalAudio PCM = new EvalAudio(ResamplerKind.SINC, TelephonyCondition.PCM);

    private static List<float[]> equalLengthClips(int count, int seconds) {
        List<EvalManifest.Entry> channels = EvalManifest.read(EvalData.set("hvb-callcenter-dev").resolve("calls_manifest.tsv"));
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] channel = PCM.load(channels.get(i).audio());
            clips.add(Arrays.copyOfRange(channel, 16000, 16000 + seconds * 16000));
        }
        return clips;
    }

    @Test
    void batchedGreedyDecodingOfEqualLengthSegmentsEqualsOneByOne() {
        List<float[]> clips = equalLengthClips(3, 6);
        try (MoonshineRecognizer batched = EvalData.recognizer("moonshine-tiny", RecognizerConfig.GREEDY.withMaxBatch(8));
             MoonshineRecognizer single = EvalData.recognizer("moonshine-tiny", RecognizerConfig.GREEDY.withMaxBatch(1))) {
            List<Transcript> together = batched.recognizeAll(clips);
            for (int i = 0; i < clips.size(); i++) {
                Transcript alone = single.recognize(clips.get(i));
                assertEquals(alone.text(), together.get(i).text(), "clip " + i);
                // The int8 model quantizes activations per call (DynamicQuantizeLinear over the whole
                // batch), so scores move a little with the batch: 0.022 measured on these clips.
                assertEquals(alone.confidence(), together.get(i).confidence(), 0.05, "clip " + i);
            }
            assertFalse(together.stream().allMatch(Transcript::isEmpty), "clips should contain speech");
        }
    }

    @Test
    void batchedVadGivesEachStreamTheProbabilitiesItGetsAlone() {
        List<float[]> streams = equalLengthClips(4, 3);
        try (SileroVad vad = SileroVad.open(EvalData.model("silero-vad-v5"), 16000, EvalData.cpu())) {
            int chunk = vad.chunkSamples();
            VadState[] batchStates = new VadState[streams.size()];
            VadState[] aloneStates = new VadState[streams.size()];
            for (int s = 0; s < streams.size(); s++) {
                batchStates[s] = vad.newState();
                aloneStates[s] = vad.newState();
            }
            float[][] audio = streams.toArray(float[][]::new);
            float[] probabilities = new float[streams.size()];
            int speechChunks = 0;
            for (int offset = 0; offset + chunk <= audio[0].length; offset += chunk) {
                int[] offsets = new int[streams.size()];
                Arrays.fill(offsets, offset);
                vad.probabilities(batchStates, audio, offsets, streams.size(), probabilities);
                for (int s = 0; s < streams.size(); s++) {
                    float alone = vad.probability(aloneStates[s], audio[s], offset);
                    assertEquals(alone, probabilities[s], 1e-4, "stream " + s + " at " + offset);
                    speechChunks += alone > 0.5f ? 1 : 0;
                }
            }
            assertFalse(speechChunks == 0, "expected some speech in the clips");
        }
    }
}
