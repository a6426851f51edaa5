package io.callscribe.segmentation;

import io.callscribe.state.ValueSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Keyed-state serializer of {@link LegProgress} (its own format is versioned). */
final class LegProgressSerializer extends ValueSerializer<LegProgress> {

    static final LegProgressSerializer INSTANCE = new LegProgressSerializer();

    @Override
    public LegProgress createInstance() {
        return new LegProgress();
    }

    @Override
    protected void write(LegProgress value, DataOutput out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected LegProgress read(DataInput in) throws IOException {
        return LegProgress.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<LegProgress> snapshotConfiguration() {
        return new LegProgressSnapshot();
    }

    /** Restores {@link LegProgressSerializer}. */
    public static final class LegProgressSnapshot extends ValueSerializer.Snapshot<LegProgress> {
        public LegProgressSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
