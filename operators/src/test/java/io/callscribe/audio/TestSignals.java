package io.callscribe.audio;

/** Signals and measurements the audio tests share. */
final class TestSignals {

    private TestSignals() {
    }

    static float[] sine(double frequency, int sampleRate, int length, double amplitude) {
        float[] samples = new float[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / sampleRate));
        }
        return samples;
    }

    /**
     * Amplitude of the {@code frequency} component in {@code samples[from, to)}, Hann-windowed so
     * that neighbouring tones do not leak into it.
     */
    static double toneAmplitude(float[] samples, int from, int to, double frequency, int sampleRate) {
        double re = 0;
        double im = 0;
        int n = to - from;
        for (int i = from; i < to; i++) {
            double window = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i - from) / (n - 1));
            double angle = 2 * Math.PI * frequency * i / sampleRate;
            re += window * samples[i] * Math.cos(angle);
            im += window * samples[i] * Math.sin(angle);
        }
        return Math.hypot(re, im) / (n / 4.0);
    }

    static double decibels(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
