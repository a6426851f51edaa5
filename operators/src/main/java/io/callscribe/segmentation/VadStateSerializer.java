package io.callscribe.segmentation;

import io.callscribe.models.vad.VadState;
import io.callscribe.state.VersionedStateSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Keyed-state serializer of a leg's Silero VAD state. Format 1: the state's own encoding. */
public final class VadStateSerializer extends VersionedStateSerializer<VadState> {

    public static final VadStateSerializer INSTANCE = new VadStateSerializer();

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    protected int currentVersion() {
        return VERSION;
    }

    @Override
    public VadState createInstance() {
        return null;
    }

    @Override
    protected VadState deepCopy(VadState value) {
        return value.copy();
    }

    @Override
    protected void write(VadState value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected VadState read(int version, DataInputView in) throws IOException {
        return VadState.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<VadState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<VadState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
