package io.callscribe.assembly;

import io.callscribe.state.VersionedStateSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Keyed-state serializer of {@link AssemblyState}. Format 1: {@link AssemblyState#writeTo}. */
final class AssemblyStateSerializer extends VersionedStateSerializer<AssemblyState> {

    static final AssemblyStateSerializer INSTANCE = new AssemblyStateSerializer();

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    protected int currentVersion() {
        return VERSION;
    }

    @Override
    public AssemblyState createInstance() {
        return new AssemblyState();
    }

    @Override
    protected AssemblyState deepCopy(AssemblyState value) {
        return copyBySerialization(value);
    }

    @Override
    protected void write(AssemblyState value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected AssemblyState read(int version, DataInputView in) throws IOException {
        return AssemblyState.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<AssemblyState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AssemblyState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
