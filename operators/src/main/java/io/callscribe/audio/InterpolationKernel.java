package io.callscribe.audio;

/**
 * A continuous interpolation kernel: the weight an input sample gets for an output taken
 * {@code distance} input samples away from it. Zero-phase (symmetric about 0), so resampled audio
 * stays time-aligned with its input.
 */
interface InterpolationKernel {

    /** Weights are zero for {@code |distance| >= halfWidth()}, in input samples. */
    double halfWidth();

    double valueAt(double distance);
}
