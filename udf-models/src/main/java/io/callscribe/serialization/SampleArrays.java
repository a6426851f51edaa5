package io.callscribe.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Sample arrays in state and on the wire: a length, then the values big-endian (the bytes
 * {@link DataOutput#writeFloat} and {@link DataOutput#writeShort} give), copied in bulk. Value by
 * value through a {@code DataOutput} costs a virtual call per sample, which showed as the hottest
 * code of leg segmentation.
 */
public final class SampleArrays {

    private SampleArrays() {}

    public static void writeFloats(DataOutput out, float[] values) throws IOException {
        out.writeInt(values.length);
        writeFloatValues(out, values);
    }

    /** The values alone, for a format that knows the length otherwise. */
    public static void writeFloatValues(DataOutput out, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }

    public static float[] readFloats(DataInput in) throws IOException {
        return readFloatValues(in, checkedLength(in.readInt()));
    }

    public static float[] readFloatValues(DataInput in, int length) throws IOException {
        byte[] bytes = new byte[length * Float.BYTES];
        in.readFully(bytes);
        float[] values = new float[length];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return values;
    }

    public static void writeShorts(DataOutput out, short[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Short.BYTES);
        bytes.asShortBuffer().put(values);
        out.write(bytes.array());
    }

    public static short[] readShorts(DataInput in) throws IOException {
        int length = checkedLength(in.readInt());
        byte[] bytes = new byte[length * Short.BYTES];
        in.readFully(bytes);
        short[] values = new short[length];
        ByteBuffer.wrap(bytes).asShortBuffer().get(values);
        return values;
    }

    private static int checkedLength(int length) throws IOException {
        // a corrupt length must not become a huge allocation: no sample array here reaches 2^28 values
        if (length < 0 || length > (1 << 28)) {
            throw new IOException("corrupt sample array length " + length);
        }
        return length;
    }
}
