package io.callscribe.models.vad;

import io.callscribe.serialization.SampleArrays;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * One audio stream's Silero VAD state: the recurrent state, the tail of the previous chunk that
 * the model sees as left context, and how many chunks in a row were below the silence floor. A plain value owned by the caller, so it can live in Flink keyed
 * state; {@link #writeTo} / {@link #readFrom} give a compact versioned encoding (1.3 KB at 16 kHz).
 */
public final class VadState {

    static final int RNN_SIZE = 2 * 128;
    /** 2 adds the quiet-chunk count; 1 is read with a count of 0. */
    private static final byte FORMAT_VERSION = 2;

    final float[] rnn;
    final float[] context;
    int quietChunks;

    VadState(int contextSamples) {
        this(new float[RNN_SIZE], new float[contextSamples], 0);
    }

    private VadState(float[] rnn, float[] context, int quietChunks) {
        this.rnn = rnn;
        this.context = context;
        this.quietChunks = quietChunks;
    }

    public VadState copy() {
        return new VadState(rnn.clone(), context.clone(), quietChunks);
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeShort(context.length);
        SampleArrays.writeFloatValues(out, rnn);
        SampleArrays.writeFloatValues(out, context);
        out.writeInt(quietChunks);
    }

    public static VadState readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != 1 && version != FORMAT_VERSION) {
            throw new IOException("unknown VadState format version " + version);
        }
        int contextLength = in.readUnsignedShort();
        float[] rnn = SampleArrays.readFloatValues(in, RNN_SIZE);
        float[] context = SampleArrays.readFloatValues(in, contextLength);
        return new VadState(rnn, context, version == 1 ? 0 : in.readInt());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VadState other && Arrays.equals(rnn, other.rnn) && Arrays.equals(context, other.context)
                && quietChunks == other.quietChunks;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(rnn) + Arrays.hashCode(context)) + quietChunks;
    }
}
