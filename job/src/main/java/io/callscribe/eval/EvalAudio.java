package io.callscribe.eval;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.audio.Resampler;
import io.callscribe.audio.ResamplerKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Loads an evaluation file as the recognizer hears it: mono, through the telephony condition at
 * 8 kHz, resampled to 16 kHz with the chosen resampler.
 */
public final class EvalAudio {

    public static final int TELEPHONE_RATE = 8000;
    public static final int MODEL_RATE = 16000;

    private final ResamplerKind resampler;
    private final TelephonyCondition condition;

    public EvalAudio(ResamplerKind resampler, TelephonyCondition condition) {
        this.resampler = resampler;
        this.condition = condition;
    }

    /** @throws UncheckedIOException naming the file and the problem when it cannot be read as audio */
    public float[] load(Path file) {
        AudioClip clip;
        try {
            clip = AudioFiles.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        float[] audio = clip.mono();
        int rate = clip.sampleRate();
        if (!condition.equals(TelephonyCondition.PCM)) {
            // the telephone network's own band limiting, not our front end: always the good filter
            audio = resample(audio, rate, TELEPHONE_RATE, ResamplerKind.SINC);
            audio = condition.apply(audio, TELEPHONE_RATE);
            rate = TELEPHONE_RATE;
        }
        return resample(audio, rate, MODEL_RATE, resampler);
    }

    private static float[] resample(float[] audio, int from, int to, ResamplerKind kind) {
        return from == to ? audio : Resampler.create(kind, from, to).resample(audio);
    }

    @Override
    public String toString() {
        return condition + ", " + resampler.name().toLowerCase(java.util.Locale.ROOT) + " resampling";
    }
}
