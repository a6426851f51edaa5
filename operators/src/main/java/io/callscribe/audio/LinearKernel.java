package io.callscribe.audio;

/**
 * The triangle kernel: plain linear interpolation between the two nearest input samples. It does
 * not band-limit, so downsampling with it aliases; it is here as the baseline sinc is measured
 * against.
 */
record LinearKernel() implements InterpolationKernel {

    @Override
    public double halfWidth() {
        return 1;
    }

    @Override
    public double valueAt(double distance) {
        return Math.max(0, 1 - Math.abs(distance));
    }
}
