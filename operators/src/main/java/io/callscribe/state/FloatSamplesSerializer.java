package io.callscribe.state;

import io.callscribe.serialization.SampleArrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Keyed-state serializer of pending VAD input (16 kHz float samples). Format 1: length, then the samples big-endian, in bulk. */
public final class FloatSamplesSerializer extends VersionedStateSerializer<float[]> {

    public static final FloatSamplesSerializer INSTANCE = new FloatSamplesSerializer();

    private static final long serialVersionUID = 1L;

    @Override
    protected int currentVersion() {
        return 1;
    }

    @Override
    public float[] createInstance() {
        return new float[0];
    }

    @Override
    protected float[] deepCopy(float[] value) {
        return value.clone();
    }

    @Override
    protected void write(float[] value, DataOutputView out) throws IOException {
        SampleArrays.writeFloats(out, value);
    }

    @Override
    protected float[] read(int version, DataInputView in) throws IOException {
        return SampleArrays.readFloats(in);
    }

    @Override
    public TypeSerializerSnapshot<float[]> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<float[]> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
