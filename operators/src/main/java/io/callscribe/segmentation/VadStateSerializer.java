package io.callscribe.segmentation;

import io.callscribe.models.vad.VadState;
import io.callscribe.state.ValueSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Keyed-state serializer of a leg's Silero VAD state (its own format is versioned). */
public final class VadStateSerializer extends ValueSerializer<VadState> {

    public static final VadStateSerializer INSTANCE = new VadStateSerializer();

    @Override
    public VadState createInstance() {
        return null;
    }

    @Override
    protected void write(VadState value, DataOutput out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected VadState read(DataInput in) throws IOException {
        return VadState.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<VadState> snapshotConfiguration() {
        return new VadStateSnapshot();
    }

    /** Restores {@link VadStateSerializer}. */
    public static final class VadStateSnapshot extends ValueSerializer.Snapshot<VadState> {
        public VadStateSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
