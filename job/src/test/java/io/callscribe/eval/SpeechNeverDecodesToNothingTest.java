package io.callscribe.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.asr.Transcript;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Speech is never recognized as nothing: moonshine-base ends at its first step on the bundled sample
 * call's agent utterance at 37.2-43.0 s (an espeak-ng voice, "It usually takes three to five business
 * days..."), whose shorter prefixes it transcribes; greedy search then takes the best word instead.
 * (Beam search skips the end at the first step too; its beams did not end at once on this clip.)
 */
class SpeechNeverDecodesToNothingTest {

    private static final Path SAMPLE_CALL = Path.of("src/main/resources/io/callscribe/sample/sample-call.wav");

    @Test
    void anUtteranceTheModelWouldEndAtOnceStillGetsItsWords() throws Exception {
        AudioClip call = AudioFiles.read(SAMPLE_CALL);
        float[] agent = AudioClip.ofMono(call.channel(0), call.sampleRate()).resampledTo(16_000, ResamplerKind.SINC).channel(0);
        float[] utterance = Arrays.copyOfRange(agent, 37_208 * 16, 42_952 * 16);
        try (MoonshineRecognizer base = EvalData.recognizer("moonshine-base", RecognizerConfig.GREEDY)) {
            Transcript t = base.recognize(utterance);
            System.out.printf("greedy: \"%s\"%n", t.text());
            assertFalse(t.text().isBlank(), "5.7 s of speech recognized as nothing");
        }
    }
}
