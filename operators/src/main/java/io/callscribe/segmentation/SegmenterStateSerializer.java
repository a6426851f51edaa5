package io.callscribe.segmentation;

import io.callscribe.models.vad.SegmenterState;
import io.callscribe.state.VersionedStateSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Keyed-state serializer of a leg's endpoint state. Format 1: the state's own encoding. */
public final class SegmenterStateSerializer extends VersionedStateSerializer<SegmenterState> {

    public static final SegmenterStateSerializer INSTANCE = new SegmenterStateSerializer();

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    protected int currentVersion() {
        return VERSION;
    }

    @Override
    public SegmenterState createInstance() {
        return new SegmenterState();
    }

    @Override
    protected SegmenterState deepCopy(SegmenterState value) {
        return copyBySerialization(value);
    }

    @Override
    protected void write(SegmenterState value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected SegmenterState read(int version, DataInputView in) throws IOException {
        return SegmenterState.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<SegmenterState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SegmenterState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
