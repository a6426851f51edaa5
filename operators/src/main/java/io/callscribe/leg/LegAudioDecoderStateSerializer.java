package io.callscribe.leg;

import io.callscribe.state.VersionedStateSerializer;

import io.callscribe.audio.ResamplerState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link LegAudioDecoderState}. Format 1, after the version byte: sample rate (int, 0
 * before any audio), next output sample (long), concealed samples (int), the history as a count
 * (int) and 16-bit samples, then whether a resampler state follows (boolean) and if so its position
 * (int) and history as a count (int) and floats.
 */
public final class LegAudioDecoderStateSerializer extends VersionedStateSerializer<LegAudioDecoderState> {

    public static final LegAudioDecoderStateSerializer INSTANCE = new LegAudioDecoderStateSerializer();

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    protected int currentVersion() {
        return VERSION;
    }

    @Override
    public LegAudioDecoderState createInstance() {
        return new LegAudioDecoderState();
    }

    @Override
    protected LegAudioDecoderState deepCopy(LegAudioDecoderState value) {
        return value.copy();
    }

    @Override
    protected void write(LegAudioDecoderState state, DataOutputView out) throws IOException {
        out.writeInt(state.sampleRate());
        out.writeLong(state.nextOutputSample());
        out.writeInt(state.concealedSamples());
        short[] history = state.history();
        out.writeInt(history.length);
        for (short sample : history) {
            out.writeShort(sample);
        }
        ResamplerState resampler = state.resampler();
        out.writeBoolean(resampler != null);
        if (resampler != null) {
            out.writeInt(resampler.position());
            float[] carried = resampler.history();
            out.writeInt(carried.length);
            for (float sample : carried) {
                out.writeFloat(sample);
            }
        }
    }

    @Override
    protected LegAudioDecoderState read(int version, DataInputView in) throws IOException {
        int sampleRate = in.readInt();
        long nextOutputSample = in.readLong();
        int concealedSamples = in.readInt();
        short[] history = new short[in.readInt()];
        for (int i = 0; i < history.length; i++) {
            history[i] = in.readShort();
        }
        ResamplerState resampler = null;
        if (in.readBoolean()) {
            int position = in.readInt();
            float[] carried = new float[in.readInt()];
            for (int i = 0; i < carried.length; i++) {
                carried[i] = in.readFloat();
            }
            resampler = ResamplerState.restore(carried, position);
        }
        return new LegAudioDecoderState(sampleRate, nextOutputSample, resampler, history, concealedSamples);
    }

    @Override
    public TypeSerializerSnapshot<LegAudioDecoderState> snapshotConfiguration() {
        return new LegAudioDecoderStateSerializerSnapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class LegAudioDecoderStateSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<LegAudioDecoderState> {

        public LegAudioDecoderStateSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
