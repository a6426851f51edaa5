package io.callscribe.audio;

/**
 * An interpolation kernel sampled once for every fractional position an output can fall on.
 *
 * <p>Resampling by {@code up/down} (reduced) puts output {@code n} at input time
 * {@code n * down / up}, so its fractional part is always one of {@code up} phases
 * {@code p / up}. Row {@code p} holds the {@code taps} weights for inputs
 * {@code i - halfTaps + 1 .. i + halfTaps} around {@code i = floor(t)}; computing them up front
 * turns every output into one dot product.
 */
final class PolyphaseFilterBank {

    /** 16 MiB of coefficients; far above what standard audio rates need (44.1k to 16k: 110 KiB). */
    private static final long MAX_COEFFICIENTS = 4L << 20;

    final int up;
    final int down;
    final int halfTaps;
    final int taps;
    final float[] coefficients;

    private PolyphaseFilterBank(int up, int down, int halfTaps, float[] coefficients) {
        this.up = up;
        this.down = down;
        this.halfTaps = halfTaps;
        this.taps = 2 * halfTaps;
        this.coefficients = coefficients;
    }

    static PolyphaseFilterBank design(InterpolationKernel kernel, int up, int down) {
        int halfTaps = (int) Math.ceil(kernel.halfWidth());
        int taps = 2 * halfTaps;
        if ((long) up * taps > MAX_COEFFICIENTS) {
            throw new IllegalArgumentException("resampling by " + up + "/" + down + " needs " + up
                    + " filter phases of " + taps + " taps; at most " + MAX_COEFFICIENTS
                    + " coefficients are supported: pick rates with a larger common divisor");
        }
        float[] coefficients = new float[up * taps];
        double[] row = new double[taps];
        for (int phase = 0; phase < up; phase++) {
            double fraction = (double) phase / up;
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                // Tap j reads input i - halfTaps + 1 + j, which lies this far before the output time.
                row[j] = kernel.valueAt(fraction + halfTaps - 1 - j);
                sum += row[j];
            }
            // Unit gain at DC for every phase, so a constant signal comes out constant (no phase ripple).
            for (int j = 0; j < taps; j++) {
                coefficients[phase * taps + j] = (float) (row[j] / sum);
            }
        }
        return new PolyphaseFilterBank(up, down, halfTaps, coefficients);
    }
}
