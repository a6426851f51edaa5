package io.callscribe.segmentation;

import io.callscribe.models.vad.SegmenterState;
import io.callscribe.state.ValueSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Keyed-state serializer of a leg's endpointing state (its own format is versioned). */
public final class SegmenterStateSerializer extends ValueSerializer<SegmenterState> {

    public static final SegmenterStateSerializer INSTANCE = new SegmenterStateSerializer();

    @Override
    public SegmenterState createInstance() {
        return new SegmenterState();
    }

    @Override
    protected void write(SegmenterState value, DataOutput out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected SegmenterState read(DataInput in) throws IOException {
        return SegmenterState.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<SegmenterState> snapshotConfiguration() {
        return new SegmenterStateSnapshot();
    }

    /** Restores {@link SegmenterStateSerializer}. */
    public static final class SegmenterStateSnapshot extends ValueSerializer.Snapshot<SegmenterState> {
        public SegmenterStateSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
