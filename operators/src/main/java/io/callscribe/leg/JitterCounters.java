package io.callscribe.leg;

import java.util.Objects;

/**
 * What one leg's {@link JitterBuffer} has done since the leg began, for metrics and the call
 * summary. Counts only grow; an operator reporting rates takes differences between two reads.
 */
public final class JitterCounters {

    private long released;
    private long duplicates;
    private long late;
    private long lost;
    private long concealedSamples;
    private long streamResets;

    JitterCounters() {
    }

    JitterCounters(long released, long duplicates, long late, long lost, long concealedSamples, long streamResets) {
        this.released = released;
        this.duplicates = duplicates;
        this.late = late;
        this.lost = lost;
        this.concealedSamples = concealedSamples;
        this.streamResets = streamResets;
    }

    /** Frames handed on. */
    public long released() {
        return released;
    }

    /** Frames dropped because the same sequence number was already buffered or released. */
    public long duplicates() {
        return duplicates;
    }

    /** Frames dropped because they came after their place in the stream was released or given up. */
    public long late() {
        return late;
    }

    /** Frames given up as lost. */
    public long lost() {
        return lost;
    }

    /** Samples filled in for gaps, at each gap's own sample rate. */
    public long concealedSamples() {
        return concealedSamples;
    }

    /** New streams after the first: SSRC changes and sequence jumps too large to be loss. */
    public long streamResets() {
        return streamResets;
    }

    void countReleased() {
        released++;
    }

    void countDuplicate() {
        duplicates++;
    }

    void countLate() {
        late++;
    }

    void countGap(long lostFrames, int concealed) {
        lost += lostFrames;
        concealedSamples += concealed;
    }

    void countStreamReset() {
        streamResets++;
    }

    public JitterCounters copy() {
        return new JitterCounters(released, duplicates, late, lost, concealedSamples, streamResets);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JitterCounters c && released == c.released && duplicates == c.duplicates
                && late == c.late && lost == c.lost && concealedSamples == c.concealedSamples
                && streamResets == c.streamResets;
    }

    @Override
    public int hashCode() {
        return Objects.hash(released, duplicates, late, lost, concealedSamples, streamResets);
    }

    @Override
    public String toString() {
        return "JitterCounters[released=" + released + " duplicates=" + duplicates + " late=" + late + " lost="
                + lost + " concealedSamples=" + concealedSamples + " streamResets=" + streamResets + "]";
    }
}
