package io.callscribe.leg;

/**
 * What a {@link JitterBuffer} hands on, in playout order: a frame that arrived, or the gap where
 * frames did not.
 */
public sealed interface ReleasedAudio permits ReceivedFrame, ConcealedGap {

    /** The rate of this item's samples. */
    int sampleRate();
}
