package io.callscribe.audio;

/** How a {@link Resampler} interpolates; both kinds share the same streaming engine and state. */
public enum ResamplerKind {
    /** Kaiser-windowed sinc: band-limited to the lower Nyquist rate, about 90 dB stop band. */
    SINC {
        @Override
        InterpolationKernel kernelFor(int up, int down) {
            return KaiserSincKernel.forRatio(up, down);
        }
    },
    /** Linear interpolation: cheap and aliasing; the baseline that sinc has to beat on WER. */
    LINEAR {
        @Override
        InterpolationKernel kernelFor(int up, int down) {
            return new LinearKernel();
        }
    };

    abstract InterpolationKernel kernelFor(int up, int down);
}
