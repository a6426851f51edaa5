package io.callscribe.pii;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callscribe.audio.ResamplerKind;
import io.callscribe.eval.EvalData;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.asr.Word;
import io.callscribe.models.vad.SegmenterConfig;
import io.callscribe.models.vad.SileroVad;
import io.callscribe.text.pii.PiiCarry;
import io.callscribe.text.pii.PiiDetection;
import io.callscribe.text.pii.PiiPolicy;
import io.callscribe.text.pii.PiiRedactor;
import io.callscribe.text.pii.PlainWords;
import io.callscribe.transcribe.ChannelSegmenter;
import io.callscribe.transcribe.ChannelTranscriber;
import io.callscribe.transcribe.TranscribedSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Card and phone numbers spliced from fsdd-digits recordings (six speakers) into real HVB caller
 * audio, segmented by the VAD and recognized by the real models as the live path does, then
 * redacted segment by segment with the leg's carry: no two digits in a row of what the recognizer
 * heard of a number are left (a lone digit word is ordinary speech as often as not).
 */
public class SpokenNumbersRedactionTest {

    /** Card numbers pass Luhn; the second card is cut by a 1.2 s pause, so it spans two segments. */
    public static SplicedNumberLeg leg() {
        return new SplicedNumberLeg()
                .utterance("00d676d7058c49bb_003_caller").number("4556 7375 8689 9855")
                .utterance("0091a706bc604188_004_caller").number("555 123 4567")
                .utterance("010eaccb7a23436f_004_caller").number("4539 5787|6362 1486")
                .utterance("0002f70f7386445b_006_caller").number("5500 0055 5555 5559")
                .utterance("0002f70f7386445b_005_caller").number("212 555 0134");
    }

    @Test
    void everyDigitHeardOfTheSplicedNumbersIsRedacted() {
        SplicedNumberLeg leg = leg();
        float[] audio = leg.clip().resampledTo(MoonshineRecognizer.SAMPLE_RATE, ResamplerKind.SINC).mono();
        PiiRedactor redactor = new PiiRedactor();
        try (SileroVad vad = SileroVad.open(EvalData.model("silero-vad-v5"), MoonshineRecognizer.SAMPLE_RATE, EvalData.cpu())) {
            ChannelSegmenter segmenter = new ChannelSegmenter(vad, SegmenterConfig.DEFAULT);
            for (String model : List.of("moonshine-base", "moonshine-tiny")) {
                List<TranscribedSegment> segments;
                try (MoonshineRecognizer recognizer = EvalData.recognizer(model, RecognizerConfig.GREEDY)) {
                    segments = new ChannelTranscriber(segmenter, recognizer).transcribe(audio);
                }
                List<String> redacted = new ArrayList<>();
                PiiCarry carry = PiiCarry.NONE;
                for (TranscribedSegment s : segments) {
                    List<String> words = s.transcript().words().stream().map(Word::text).toList();
                    PiiDetection found = redactor.detector().detect(words, carry, ms(s.span().start()), ms(s.span().end()));
                    carry = found.carry();
                    redacted.add(String.join(" ", redactor.apply(words, found.spans(), PiiPolicy.REDACT, PlainWords.INSTANCE)));
                }
                int heardNumbers = 0;
                for (SplicedNumberLeg.SpokenNumber number : leg.numbers()) {
                    StringBuilder heard = new StringBuilder();
                    StringBuilder shown = new StringBuilder();
                    for (int i = 0; i < segments.size(); i++) {
                        TranscribedSegment s = segments.get(i);
                        if (ms(s.span().start()) < number.endMs() && number.startMs() < ms(s.span().end())) {
                            heard.append(s.transcript().text()).append(" / ");
                            shown.append(redacted.get(i)).append(" / ");
                        }
                    }
                    int digitsHeard = SpokenNumberCheck.digits(heard.toString());
                    System.out.printf(Locale.ROOT, "%s, %s: %d of %d digits heard, %d shown after redaction [%s] -> [%s]%n", model,
                            number.digits(), digitsHeard, number.digits().length(), SpokenNumberCheck.digits(shown.toString()), heard, shown);
                    assertTrue(SpokenNumberCheck.longestRun(shown.toString()) <= 1, model + " left digits of " + number.digits() + ": " + shown);
                    if (digitsHeard >= number.digits().length() / 2) {
                        heardNumbers++;
                    }
                }
                // the recognizer must have heard most numbers, or the check above proves nothing
                assertTrue(heardNumbers >= 3, model + " heard only " + heardNumbers + " of the numbers");
            }
        }
    }

    private static long ms(long sample) {
        return sample * 1000 / MoonshineRecognizer.SAMPLE_RATE;
    }
}
