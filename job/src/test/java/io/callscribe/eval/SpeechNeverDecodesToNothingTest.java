package io.callscribe.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.asr.Transcript;
import io.callscribe.models.asr.TranscriptFlag;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Speech is never recognized as nothing: moonshine-base ends at its first step on the bundled sample
 * call's agent utterance at 37.2-43.0 s (an espeak-ng voice, "It usually takes three to five business
 * days..."), whose shorter prefixes it transcribes. The recognizer decodes it again with the end
 * withheld at the first step, and says so in the flags.
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
            assertTrue(t.flags().contains(TranscriptFlag.END_AT_START), "the second decoding is flagged: " + t.flags());
            assertTrue(t.words().stream().allMatch(w -> w.confidence() > 0 && w.confidence() < 1), "words with their confidence");
        }
    }
}
