package io.callscribe.leg;

import java.util.Objects;

/**
 * Everything one call leg carries between frames: its jitter buffer and its decoder. The keyed-state
 * value of the leg, written with {@link LegAudioStateSerializer}.
 */
public final class LegAudioState {

    private final JitterBufferState jitterBuffer;
    private final LegAudioDecoderState decoder;

    /** The state of a leg before its first frame. */
    public LegAudioState() {
        this(new JitterBufferState(), new LegAudioDecoderState());
    }

    public LegAudioState(JitterBufferState jitterBuffer, LegAudioDecoderState decoder) {
        this.jitterBuffer = Objects.requireNonNull(jitterBuffer, "jitterBuffer");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    public JitterBufferState jitterBuffer() {
        return jitterBuffer;
    }

    public LegAudioDecoderState decoder() {
        return decoder;
    }

    /** A deep copy: nothing of it is shared with this state. */
    LegAudioState copy() {
        return new LegAudioState(jitterBuffer.copy(), decoder.copy());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegAudioState s && jitterBuffer.equals(s.jitterBuffer) && decoder.equals(s.decoder);
    }

    @Override
    public int hashCode() {
        return jitterBuffer.hashCode() * 31 + decoder.hashCode();
    }

    @Override
    public String toString() {
        return "LegAudioState[" + jitterBuffer + ", " + decoder + "]";
    }
}
