package io.callscribe.leg;

/**
 * Audio that did not arrive: lost packets, a sender's silence (no packets but the RTP clock ran on),
 * or the pause between two streams of a leg. Its first {@code concealedSamples} are filled in; the
 * rest, if any, is a discontinuity: skipped, yet counted on the leg's timeline so that later audio
 * keeps its true time.
 *
 * @param lostFrames packets declared lost; 0 when the sender sent none (the fill is then silence)
 * @param missingSamples the gap's length, from the RTP timestamps around it
 * @param concealedSamples how much of it to fill, at most the configured maximum
 */
public record ConcealedGap(int sampleRate, long lostFrames, long missingSamples, int concealedSamples)
        implements ReleasedAudio {

    public ConcealedGap {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (lostFrames < 0 || missingSamples <= 0 || concealedSamples < 0 || concealedSamples > missingSamples) {
            throw new IllegalArgumentException("need lostFrames >= 0 and 0 <= concealedSamples <= missingSamples,"
                    + " missingSamples > 0; got " + lostFrames + ", " + concealedSamples + ", " + missingSamples);
        }
    }

    /** The part of the gap that is not filled in. */
    public long skippedSamples() {
        return missingSamples - concealedSamples;
    }
}
