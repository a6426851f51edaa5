package io.callscribe.leg;

import java.util.Arrays;
import java.util.Objects;

/**
 * Contiguous 16 kHz audio of one leg.
 *
 * @param startSample where it starts on the leg's timeline: 16 kHz samples since the leg's first
 *     audio, counting skipped gaps, so {@code startSample / 16} is milliseconds into the leg
 * @param samples mono, in [-1, 1]; owned by the chunk, treat as read-only
 */
public record LegAudioChunk(long startSample, float[] samples) {

    public LegAudioChunk {
        Objects.requireNonNull(samples, "samples");
    }

    /** The timeline position just past the last sample. */
    public long endSample() {
        return startSample + samples.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegAudioChunk c && startSample == c.startSample && Arrays.equals(samples, c.samples);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startSample) * 31 + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "LegAudioChunk[" + startSample + " + " + samples.length + "]";
    }
}
