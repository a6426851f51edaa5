package io.callscribe.leg;

/**
 * Fills in the audio of lost packets from the audio before them, after ITU-T G.711 Appendix I,
 * simplified: the last pitch period is repeated, at full level for 10 ms and then fading linearly
 * to silence at 60 ms; the fill is silence from there on. The first real audio after the gap is
 * cross-faded from the continued repetition over 4 ms, so that neither end of the gap clicks.
 *
 * <p>The period is the lag of 5..15 ms (200..67 Hz, Appendix I's range: a higher voice repeats
 * over two of its periods) whose normalized cross-correlation with the last 10 ms is highest; it
 * needs the last {@value #HISTORY_MS} ms of audio, which the leg keeps. Appendix I's 3.75 ms output
 * delay, its blend at the gap's start and its spreading of the repetition over two and three
 * periods in long gaps are left out: the first costs latency, and the others buy naturalness
 * that a recognizer gains nothing from in at most 60 ms.
 *
 * <p>Everything is a function of the history and the sample position in the gap, so the leg only
 * stores the history and how much of the gap was filled.
 */
final class PacketLossConcealer {

    /** Audio the concealment reads: the longest period plus the correlation window. */
    static final int HISTORY_MS = 25;

    private static final int MIN_PERIOD_MS = 5;
    private static final int MAX_PERIOD_MS = 15;
    private static final int CORRELATION_MS = 10;
    private static final int FULL_LEVEL_MS = 10;
    private static final int SILENT_FROM_MS = 60;
    private static final int CROSSFADE_MS = 4;
    private static final float FULL_SCALE = 32768f;

    private PacketLossConcealer() {
    }

    /** How many samples of history {@link #conceal} reads at {@code sampleRate}. */
    static int historySamples(int sampleRate) {
        return samples(HISTORY_MS, sampleRate);
    }

    /**
     * Samples {@code from .. from + count} of the gap that follows {@code history} (16-bit samples,
     * oldest first); silence if the history is shorter than {@link #historySamples}.
     */
    static float[] conceal(short[] history, int sampleRate, int from, int count) {
        float[] fill = new float[count];
        int silentFrom = samples(SILENT_FROM_MS, sampleRate);
        if (history.length < historySamples(sampleRate) || from >= silentFrom) {
            return fill;
        }
        int period = pitchPeriod(history, sampleRate);
        int fullLevel = samples(FULL_LEVEL_MS, sampleRate);
        int periodStart = history.length - period;
        for (int i = 0; i < count; i++) {
            int position = from + i;
            if (position >= silentFrom) {
                break;
            }
            float gain = position < fullLevel ? 1f
                    : 1f - (float) (position - fullLevel) / (silentFrom - fullLevel);
            fill[i] = history[periodStart + position % period] / FULL_SCALE * gain;
        }
        return fill;
    }

    /**
     * Cross-fades the start of {@code audio}, the first real audio after a gap of which
     * {@code concealed} samples were filled from {@code history}, from the fill's continuation.
     */
    static void resume(short[] history, int sampleRate, int concealed, float[] audio) {
        int length = Math.min(audio.length, samples(CROSSFADE_MS, sampleRate));
        float[] continuation = conceal(history, sampleRate, concealed, length);
        for (int i = 0; i < length; i++) {
            float weight = (i + 1f) / (length + 1f);
            audio[i] = weight * audio[i] + (1 - weight) * continuation[i];
        }
    }

    /** The lag in 5..15 ms that best predicts the last 10 ms of the history from the audio before. */
    static int pitchPeriod(short[] history, int sampleRate) {
        int minPeriod = samples(MIN_PERIOD_MS, sampleRate);
        int maxPeriod = samples(MAX_PERIOD_MS, sampleRate);
        int window = samples(CORRELATION_MS, sampleRate);
        int windowStart = history.length - window;
        int best = minPeriod;
        double bestScore = 0;
        for (int period = minPeriod; period <= maxPeriod; period++) {
            double correlation = 0;
            double energy = 0;
            for (int n = windowStart; n < history.length; n++) {
                double earlier = history[n - period];
                correlation += history[n] * earlier;
                energy += earlier * earlier;
            }
            // correlation / sqrt(energy), compared without the square root and keeping the sign.
            double score = energy > 0 ? correlation * Math.abs(correlation) / energy : 0;
            if (score > bestScore) {
                bestScore = score;
                best = period;
            }
        }
        return best;
    }

    private static int samples(int milliseconds, int sampleRate) {
        return milliseconds * sampleRate / 1000;
    }
}
