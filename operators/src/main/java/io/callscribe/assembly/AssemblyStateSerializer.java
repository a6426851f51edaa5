package io.callscribe.assembly;

import io.callscribe.state.ValueSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Keyed-state serializer of {@link AssemblyState} (its own format is versioned). */
final class AssemblyStateSerializer extends ValueSerializer<AssemblyState> {

    static final AssemblyStateSerializer INSTANCE = new AssemblyStateSerializer();

    @Override
    public AssemblyState createInstance() {
        return new AssemblyState();
    }

    @Override
    protected void write(AssemblyState value, DataOutput out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected AssemblyState read(DataInput in) throws IOException {
        return AssemblyState.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<AssemblyState> snapshotConfiguration() {
        return new AssemblyStateSnapshot();
    }

    /** Restores {@link AssemblyStateSerializer}. */
    public static final class AssemblyStateSnapshot extends ValueSerializer.Snapshot<AssemblyState> {
        public AssemblyStateSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
