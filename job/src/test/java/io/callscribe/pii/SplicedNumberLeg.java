package io.callscribe.pii;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.eval.EvalData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A customer leg made of real call audio with spoken numbers spliced in: HVB caller utterances,
 * each followed (250 ms later, so in the same utterance for the VAD) by a number said digit by digit
 * from fsdd-digits recordings of different speakers, in groups (120 ms between digits, 400 ms between
 * groups). A group gap of {@link #SPLIT} is a 1.2 s pause, which ends a segment in the live path.
 * Both sources are 8 kHz telephone audio. Digits are cut to their sound and levelled to the
 * utterance before them; silence is the leg's own noise floor.
 */
public final class SplicedNumberLeg {

    /** In a number's spelling, a pause that splits it into two segments. */
    public static final char SPLIT = '|';
    public static final int RATE = 8000;

    private static final String[] SPEAKERS = {"george", "jackson", "lucas", "nicolas", "theo", "yweweler"};
    private static final int DIGIT_GAP_MS = 120;
    private static final int GROUP_GAP_MS = 400;
    private static final int SPLIT_GAP_MS = 1200;
    private static final int AFTER_UTTERANCE_MS = 250;
    private static final int BETWEEN_TURNS_MS = 1500;

    /** A number as spliced: its digits and where it is on the leg's clock. */
    public record SpokenNumber(String digits, long startMs, long endMs) {}

    private final List<float[]> parts = new ArrayList<>();
    private final List<SpokenNumber> numbers = new ArrayList<>();
    private final Random noise = new Random(5);
    private int samples;
    private int speaker;
    private float level = 0.05f;
    private float noiseFloor = 0.002f;

    /** A caller utterance of the HVB dev set ({@code segments/<name>.wav}). */
    public SplicedNumberLeg utterance(String segment) {
        float[] audio = read(EvalData.set("hvb-callcenter-dev").resolve("segments").resolve(segment + ".wav"));
        level = rms(audio, 0, audio.length);
        noiseFloor = rms(audio, 0, Math.min(audio.length, RATE / 10));
        append(withoutTrailingQuiet(audio, noiseFloor));
        return this;
    }

    /** A number right after the utterance before it: "4556 7375|8689 9855" (spaces: group gaps, '|': a split). */
    public SplicedNumberLeg number(String spelled) {
        pause(AFTER_UTTERANCE_MS);
        long startMs = samples * 1000L / RATE;
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < spelled.length(); i++) {
            char c = spelled.charAt(i);
            if (c == ' ' || c == SPLIT) {
                pause((c == SPLIT ? SPLIT_GAP_MS : GROUP_GAP_MS) - DIGIT_GAP_MS);
                continue;
            }
            digits.append(c);
            append(levelled(trimmed(digit(c))));
            pause(DIGIT_GAP_MS);
        }
        numbers.add(new SpokenNumber(digits.toString(), startMs, samples * 1000L / RATE));
        pause(BETWEEN_TURNS_MS);
        return this;
    }

    public SplicedNumberLeg pause(int ms) {
        float[] quiet = new float[RATE * ms / 1000];
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = (float) noise.nextGaussian() * noiseFloor;
        }
        append(quiet);
        return this;
    }

    public List<SpokenNumber> numbers() {
        return List.copyOf(numbers);
    }

    public AudioClip clip() {
        float[] all = new float[samples];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return AudioClip.ofMono(all, RATE);
    }

    private float[] digit(char c) {
        String name = c + "_" + SPEAKERS[speaker % SPEAKERS.length] + "_" + (speaker / SPEAKERS.length % 5) + ".wav";
        speaker++;
        return read(EvalData.set("fsdd-digits").resolve("recordings").resolve(name));
    }

    /** Cut after the last 20 ms frame louder than twice the noise floor (+100 ms): the number follows the words. */
    private static float[] withoutTrailingQuiet(float[] audio, float noiseFloor) {
        int frame = RATE / 50;
        int end = audio.length;
        while (end - frame > 0 && rms(audio, end - frame, end) < 2 * noiseFloor) {
            end -= frame;
        }
        return Arrays.copyOf(audio, Math.min(audio.length, end + RATE / 10));
    }

    /** The digit's sound: from 30 ms before its first to 30 ms after its last sample above a tenth of its peak. */
    private static float[] trimmed(float[] audio) {
        float peak = 0;
        for (float x : audio) {
            peak = Math.max(peak, Math.abs(x));
        }
        int from = 0;
        int to = audio.length;
        while (from < to && Math.abs(audio[from]) < 0.1f * peak) {
            from++;
        }
        while (to > from && Math.abs(audio[to - 1]) < 0.1f * peak) {
            to--;
        }
        int margin = RATE * 30 / 1000;
        return Arrays.copyOfRange(audio, Math.max(0, from - margin), Math.min(audio.length, to + margin));
    }

    /** Louder than the utterance's average (which includes its pauses) by half, as a digit said on its own is. */
    private float[] levelled(float[] audio) {
        float gain = 1.5f * level / Math.max(1e-6f, rms(audio, 0, audio.length));
        for (int i = 0; i < audio.length; i++) {
            audio[i] *= gain;
        }
        return audio;
    }

    private void append(float[] audio) {
        parts.add(audio);
        samples += audio.length;
    }

    private static float rms(float[] a, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += a[i] * a[i];
        }
        return (float) Math.sqrt(sum / Math.max(1, to - from));
    }

    private static float[] read(Path file) {
        try {
            AudioClip clip = AudioFiles.read(file);
            if (clip.sampleRate() != RATE) {
                throw new IllegalStateException(file + " is " + clip.sampleRate() + " Hz, expected " + RATE);
            }
            return clip.mono();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
