package io.callscribe.audio;

/**
 * A Kaiser-windowed sinc low-pass, in input-sample units.
 *
 * @param cutoff the pass band edge as a fraction of the input Nyquist frequency
 * @param halfWidth how far the window reaches on each side, in input samples
 * @param beta the Kaiser window's shape: larger trades a wider transition band for a deeper stop band
 */
record KaiserSincKernel(double cutoff, double halfWidth, double beta) implements InterpolationKernel {

    /**
     * Window half-width counted in samples of the lower of the two rates. 32 gives a transition
     * band of about 9% of the lower rate at this beta.
     */
    static final int HALF_WIDTH_AT_LOWER_RATE = 32;

    /** Cutoff as a fraction of the lower Nyquist; the transition band straddles it. */
    static final double ROLLOFF = 0.945;

    /** About 90 dB of stop band attenuation (Kaiser's formula: beta = 0.1102 (A - 8.7)). */
    static final double BETA = 8.96;

    /** The kernel for resampling by {@code up/down}: cut at the lower of the two Nyquist rates. */
    static KaiserSincKernel forRatio(int up, int down) {
        double scale = Math.min(1.0, (double) up / down);
        return new KaiserSincKernel(ROLLOFF * scale, HALF_WIDTH_AT_LOWER_RATE / scale, BETA);
    }

    @Override
    public double valueAt(double distance) {
        if (Math.abs(distance) >= halfWidth) {
            return 0;
        }
        double u = distance / halfWidth;
        return cutoff * sinc(cutoff * distance) * besselI0(beta * Math.sqrt(1 - u * u)) / besselI0(beta);
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double quarterSquare = x * x / 4;
        for (int k = 1; term > 1e-17 * sum; k++) {
            term *= quarterSquare / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}
