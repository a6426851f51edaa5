package io.callscribe.state;

import io.callscribe.serialization.SampleArrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Keyed-state serializer of the open utterance's 16 kHz PCM16 audio. Format 1: length, then the samples big-endian, in bulk. */
public final class Pcm16SamplesSerializer extends VersionedStateSerializer<short[]> {

    public static final Pcm16SamplesSerializer INSTANCE = new Pcm16SamplesSerializer();

    private static final long serialVersionUID = 1L;

    @Override
    protected int currentVersion() {
        return 1;
    }

    @Override
    public short[] createInstance() {
        return new short[0];
    }

    @Override
    protected short[] deepCopy(short[] value) {
        return value.clone();
    }

    @Override
    protected void write(short[] value, DataOutputView out) throws IOException {
        SampleArrays.writeShorts(out, value);
    }

    @Override
    protected short[] read(int version, DataInputView in) throws IOException {
        return SampleArrays.readShorts(in);
    }

    @Override
    public TypeSerializerSnapshot<short[]> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<short[]> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
