package io.callscribe.leg;

import io.callscribe.state.VersionedStateSerializer;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link LegAudioState}: the serializer of a leg's keyed state. Format 1, after the version
 * byte: the jitter buffer state ({@link JitterBufferStateSerializer}) and the decoder state
 * ({@link LegAudioDecoderStateSerializer}), each with its own version byte.
 */
public final class LegAudioStateSerializer extends VersionedStateSerializer<LegAudioState> {

    public static final LegAudioStateSerializer INSTANCE = new LegAudioStateSerializer();

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    protected int currentVersion() {
        return VERSION;
    }

    @Override
    public LegAudioState createInstance() {
        return new LegAudioState();
    }

    @Override
    protected LegAudioState deepCopy(LegAudioState value) {
        return value.copy();
    }

    @Override
    protected void write(LegAudioState state, DataOutputView out) throws IOException {
        JitterBufferStateSerializer.INSTANCE.serialize(state.jitterBuffer(), out);
        LegAudioDecoderStateSerializer.INSTANCE.serialize(state.decoder(), out);
    }

    @Override
    protected LegAudioState read(int version, DataInputView in) throws IOException {
        return new LegAudioState(JitterBufferStateSerializer.INSTANCE.deserialize(in),
                LegAudioDecoderStateSerializer.INSTANCE.deserialize(in));
    }

    @Override
    public TypeSerializerSnapshot<LegAudioState> snapshotConfiguration() {
        return new LegAudioStateSerializerSnapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class LegAudioStateSerializerSnapshot extends SimpleTypeSerializerSnapshot<LegAudioState> {

        public LegAudioStateSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
