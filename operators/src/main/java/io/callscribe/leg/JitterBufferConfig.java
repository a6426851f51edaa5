package io.callscribe.leg;

import java.io.Serializable;

/**
 * How long a {@link JitterBuffer} waits for out-of-order frames and how much lost audio it fills.
 *
 * @param windowFrames how many frames past a missing one may arrive before the missing one is given
 *     up as lost: the reordering window and, at 20 ms a frame, the delay budget (8: 160 ms)
 * @param maxWaitMs how long frames that arrived after a missing one wait for it, on the gateway's
 *     {@code capturedAtMs} clock, before it is given up; this releases audio when the stream pauses
 * @param maxConcealmentMs the most audio filled in for one gap; the rest of a longer gap becomes a
 *     discontinuity, skipped on the timeline instead of filled with made-up audio
 * @param maxSequenceJump a sequence number further than this from the highest seen (either way) is
 *     a new stream, not a gap; RFC 3550's MAX_DROPOUT is 3000 (a minute of 20 ms frames)
 */
public record JitterBufferConfig(int windowFrames, long maxWaitMs, int maxConcealmentMs, int maxSequenceJump)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final JitterBufferConfig DEFAULT = new JitterBufferConfig(8, 160, 200, 3000);

    /** Widest window: the duplicate check remembers 64 released sequence numbers. */
    public static final int MAX_WINDOW_FRAMES = 64;

    public JitterBufferConfig {
        if (windowFrames < 1 || windowFrames > MAX_WINDOW_FRAMES) {
            throw new IllegalArgumentException(
                    "windowFrames must be in 1.." + MAX_WINDOW_FRAMES + ", got " + windowFrames);
        }
        if (maxWaitMs < 0) {
            throw new IllegalArgumentException("maxWaitMs must be >= 0, got " + maxWaitMs);
        }
        if (maxConcealmentMs < 0) {
            throw new IllegalArgumentException("maxConcealmentMs must be >= 0, got " + maxConcealmentMs);
        }
        if (maxSequenceJump < windowFrames || maxSequenceJump > Short.MAX_VALUE) {
            throw new IllegalArgumentException("maxSequenceJump must be in windowFrames.." + Short.MAX_VALUE
                    + " (" + windowFrames + ".." + Short.MAX_VALUE + "), got " + maxSequenceJump);
        }
    }

    /** {@link #maxConcealmentMs} in samples at {@code sampleRate}. */
    int maxConcealmentSamples(int sampleRate) {
        return (int) ((long) maxConcealmentMs * sampleRate / 1000);
    }
}
