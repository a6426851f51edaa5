package io.callscribe.segmentation;

import io.callscribe.state.VersionedStateSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Keyed-state serializer of {@link LegProgress}. Format 1: {@link LegProgress#writeTo}. */
final class LegProgressSerializer extends VersionedStateSerializer<LegProgress> {

    static final LegProgressSerializer INSTANCE = new LegProgressSerializer();

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    protected int currentVersion() {
        return VERSION;
    }

    @Override
    public LegProgress createInstance() {
        return new LegProgress();
    }

    @Override
    protected LegProgress deepCopy(LegProgress value) {
        return copyBySerialization(value);
    }

    @Override
    protected void write(LegProgress value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    protected LegProgress read(int version, DataInputView in) throws IOException {
        return LegProgress.readFrom(in);
    }

    @Override
    public TypeSerializerSnapshot<LegProgress> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LegProgress> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
