package io.callscribe.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link Resampler} carries from one chunk of a stream to the next: the input samples that
 * outputs still to come depend on, and where the next output falls among them. It is small (a few
 * dozen samples) and made of a float array and an int, so it fits keyed state; write it with
 * {@link #history()} and {@link #position()}, read it back with {@link #restore}.
 */
public final class ResamplerState {

    private float[] history;
    private int position;

    ResamplerState(float[] history, int position) {
        this.history = history;
        this.position = position;
    }

    /**
     * Rebuilds a state from the values of {@link #history()} and {@link #position()}; it is valid
     * only with a resampler of the same kind and rates as the one that produced them.
     */
    public static ResamplerState restore(float[] history, int position) {
        Objects.requireNonNull(history, "history");
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + position);
        }
        return new ResamplerState(history.clone(), position);
    }

    /** A copy of the retained input samples, oldest first. */
    public float[] history() {
        return history.clone();
    }

    /**
     * Where the next output falls, in units of {@code 1/up} input samples from {@code history()[0]},
     * where {@code up} is the output rate divided by the greatest common divisor of the two rates.
     */
    public int position() {
        return position;
    }

    int historyLength() {
        return history.length;
    }

    /** The history followed by {@code length} new samples: the buffer one step works on. */
    float[] historyFollowedBy(float[] input, int offset, int length) {
        float[] buffer = Arrays.copyOf(history, history.length + length);
        System.arraycopy(input, offset, buffer, history.length, length);
        return buffer;
    }

    /** The history followed by {@code zeros} samples of silence, for the end of a stream. */
    float[] historyFollowedBySilence(int zeros) {
        return Arrays.copyOf(history, history.length + zeros);
    }

    void replace(float[] history, int position) {
        this.history = history;
        this.position = position;
    }

    @Override
    public String toString() {
        return "ResamplerState[" + history.length + " samples, position " + position + "]";
    }
}
