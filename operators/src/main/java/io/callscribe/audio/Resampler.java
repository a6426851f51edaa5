package io.callscribe.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Converts mono float audio from one sample rate to another by any rational ratio.
 *
 * <p>The resampler itself is immutable and can be shared by every stream with the same rates (it
 * holds only the filter bank); each stream keeps its own {@link ResamplerState}. Feeding a stream
 * chunk by chunk through {@link #process} and ending it with {@link #flush} yields exactly the
 * samples {@link #resample} gives for the whole signal at once.
 *
 * <p>Time alignment: output {@code n} is the input signal evaluated at input time
 * {@code n * inputRate / outputRate}, with a zero-phase kernel, so the filter's group delay is
 * compensated and an event at time t stays at t. The price is look-ahead: an output is emitted
 * only once the input reaches half the filter width past it (32 input samples, 4 ms, for 8 kHz to
 * 16 kHz). The signal is taken to be silent before its start and after its end, and a signal of
 * {@code N} samples gives {@code ceil(N * outputRate / inputRate)} outputs.
 */
public final class Resampler {

    private final ResamplerKind kind;
    private final int inputRate;
    private final int outputRate;
    private final PolyphaseFilterBank bank;

    private Resampler(ResamplerKind kind, int inputRate, int outputRate, PolyphaseFilterBank bank) {
        this.kind = kind;
        this.inputRate = inputRate;
        this.outputRate = outputRate;
        this.bank = bank;
    }

    /** Designs the filter bank for {@code inputRate -> outputRate}; do it once and share the result. */
    public static Resampler create(ResamplerKind kind, int inputRate, int outputRate) {
        Objects.requireNonNull(kind, "kind");
        if (inputRate <= 0 || outputRate <= 0) {
            throw new IllegalArgumentException(
                    "sample rates must be positive, got " + inputRate + " -> " + outputRate);
        }
        int divisor = gcd(inputRate, outputRate);
        int up = outputRate / divisor;
        int down = inputRate / divisor;
        return new Resampler(kind, inputRate, outputRate,
                PolyphaseFilterBank.design(kind.kernelFor(up, down), up, down));
    }

    public ResamplerKind kind() {
        return kind;
    }

    public int inputRate() {
        return inputRate;
    }

    public int outputRate() {
        return outputRate;
    }

    /** The state of a stream before its first sample: silence behind it, first output at time 0. */
    public ResamplerState newState() {
        int lookBehind = bank.halfTaps - 1;
        return new ResamplerState(new float[lookBehind], lookBehind * bank.up);
    }

    /** Resamples a whole signal at once. */
    public float[] resample(float[] signal) {
        ResamplerState state = newState();
        float[] body = process(state, signal, 0, signal.length);
        float[] tail = flush(state);
        float[] all = Arrays.copyOf(body, body.length + tail.length);
        System.arraycopy(tail, 0, all, body.length, tail.length);
        return all;
    }

    /**
     * Takes the next {@code length} samples of a stream and returns every output they complete;
     * the rest waits in {@code state} for more input or for {@link #flush}.
     */
    public float[] process(ResamplerState state, float[] input, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, input.length);
        checkBelongsHere(state);
        float[] buffer = state.historyFollowedBy(input, offset, length);
        // An output at input index i needs inputs up to i + halfTaps.
        long end = (long) (buffer.length - bank.halfTaps) * bank.up;
        float[] out = filter(buffer, state.position(), end);
        keepWhatFollowingOutputsNeed(state, buffer, state.position() + (long) out.length * bank.down);
        return out;
    }

    /**
     * Ends a stream: returns the outputs that were waiting for look-ahead, as if silence followed,
     * and resets {@code state} so that it can start a new stream.
     */
    public float[] flush(ResamplerState state) {
        checkBelongsHere(state);
        int received = state.historyLength();
        float[] buffer = state.historyFollowedBySilence(bank.halfTaps);
        // Outputs stop where the input stops, not where the padding does.
        float[] out = filter(buffer, state.position(), (long) received * bank.up);
        ResamplerState fresh = newState();
        state.replace(fresh.history(), fresh.position());
        return out;
    }

    /** Computes the outputs at positions {@code position, position + down, ...} below {@code end}. */
    private float[] filter(float[] buffer, long position, long end) {
        int count = position < end ? (int) ((end - position + bank.down - 1) / bank.down) : 0;
        float[] out = new float[count];
        float[] coefficients = bank.coefficients;
        int taps = bank.taps;
        int up = bank.up;
        int wholeStep = bank.down / up;
        int phaseStep = bank.down % up;
        int index = (int) (position / up);
        int phase = (int) (position % up);
        for (int n = 0; n < count; n++) {
            int first = index - bank.halfTaps + 1;
            int row = phase * taps;
            // four running sums: one sum is a chain of dependent additions, the CPU's latency bound
            float sum0 = 0;
            float sum1 = 0;
            float sum2 = 0;
            float sum3 = 0;
            int j = 0;
            for (; j + 3 < taps; j += 4) {
                sum0 += coefficients[row + j] * buffer[first + j];
                sum1 += coefficients[row + j + 1] * buffer[first + j + 1];
                sum2 += coefficients[row + j + 2] * buffer[first + j + 2];
                sum3 += coefficients[row + j + 3] * buffer[first + j + 3];
            }
            for (; j < taps; j++) {
                sum0 += coefficients[row + j] * buffer[first + j];
            }
            out[n] = (sum0 + sum1) + (sum2 + sum3);
            index += wholeStep;
            phase += phaseStep;
            if (phase >= up) {
                phase -= up;
                index++;
            }
        }
        return out;
    }

    /** Drops the inputs that lie entirely behind the next output's window. */
    private void keepWhatFollowingOutputsNeed(ResamplerState state, float[] buffer, long nextPosition) {
        long nextIndex = nextPosition / bank.up;
        int drop = (int) Math.max(0, Math.min(buffer.length, nextIndex - (bank.halfTaps - 1)));
        state.replace(Arrays.copyOfRange(buffer, drop, buffer.length),
                Math.toIntExact(nextPosition - (long) drop * bank.up));
    }

    private void checkBelongsHere(ResamplerState state) {
        // Every state this resampler leaves behind keeps the look-behind its first output needs.
        if (state.position() < (long) (bank.halfTaps - 1) * bank.up) {
            throw new IllegalArgumentException(state + " was not made by " + this);
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public String toString() {
        return "Resampler[" + kind + " " + inputRate + " -> " + outputRate + " Hz]";
    }
}
