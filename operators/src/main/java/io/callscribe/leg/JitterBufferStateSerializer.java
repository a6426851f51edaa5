package io.callscribe.leg;

import io.callscribe.state.VersionedStateSerializer;

import io.callscribe.contract.Codec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link JitterBufferState}. Format 1, after the version byte: ssrc, previous ssrc, stream
 * start ms, next sequence, next timestamp (longs), released-any (boolean), released mask, expected arrival ms,
 * the six counters (longs), then the waiting frames: a count (int) and per frame sequence,
 * timestamp (longs), codec (byte: 1 PCMU, 2 PCMA, 3 L16), sample rate (int), captured-at ms (long),
 * payload length (int) and bytes.
 */
public final class JitterBufferStateSerializer extends VersionedStateSerializer<JitterBufferState> {

    public static final JitterBufferStateSerializer INSTANCE = new JitterBufferStateSerializer();

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    protected int currentVersion() {
        return VERSION;
    }

    @Override
    public JitterBufferState createInstance() {
        return new JitterBufferState();
    }

    @Override
    protected JitterBufferState deepCopy(JitterBufferState value) {
        return value.copy();
    }

    @Override
    protected void write(JitterBufferState state, DataOutputView out) throws IOException {
        out.writeLong(state.ssrc());
        out.writeLong(state.previousSsrc());
        out.writeLong(state.streamStartMs());
        out.writeLong(state.nextSequence());
        out.writeLong(state.nextTimestamp());
        out.writeBoolean(state.releasedAny());
        out.writeLong(state.releasedMask());
        out.writeLong(state.expectedArrivalMs());
        JitterCounters counters = state.counters();
        out.writeLong(counters.released());
        out.writeLong(counters.duplicates());
        out.writeLong(counters.late());
        out.writeLong(counters.lost());
        out.writeLong(counters.concealedSamples());
        out.writeLong(counters.streamResets());
        List<ReceivedFrame> frames = state.pendingFrames();
        out.writeInt(frames.size());
        for (ReceivedFrame frame : frames) {
            out.writeLong(frame.sequence());
            out.writeLong(frame.timestamp());
            out.writeByte(codecId(frame.codec()));
            out.writeInt(frame.sampleRate());
            out.writeLong(frame.capturedAtMs());
            out.writeInt(frame.payload().length);
            out.write(frame.payload());
        }
    }

    @Override
    protected JitterBufferState read(int version, DataInputView in) throws IOException {
        long ssrc = in.readLong();
        long previousSsrc = in.readLong();
        long streamStartMs = in.readLong();
        long nextSequence = in.readLong();
        long nextTimestamp = in.readLong();
        boolean releasedAny = in.readBoolean();
        long releasedMask = in.readLong();
        long expectedArrivalMs = in.readLong();
        JitterCounters counters = new JitterCounters(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong());
        int count = in.readInt();
        List<ReceivedFrame> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long sequence = in.readLong();
            long timestamp = in.readLong();
            Codec codec = codecOf(in.readByte());
            int sampleRate = in.readInt();
            long capturedAtMs = in.readLong();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            frames.add(new ReceivedFrame(sequence, timestamp, codec, sampleRate, payload, capturedAtMs));
        }
        return new JitterBufferState(ssrc, previousSsrc, streamStartMs, nextSequence, nextTimestamp, releasedAny,
                releasedMask, expectedArrivalMs, frames, counters);
    }

    /** Fixed ids rather than ordinals, so that reordering the enum cannot change what state means. */
    private static int codecId(Codec codec) {
        return switch (codec) {
            case PCMU -> 1;
            case PCMA -> 2;
            case L16 -> 3;
        };
    }

    private static Codec codecOf(byte id) throws IOException {
        return switch (id) {
            case 1 -> Codec.PCMU;
            case 2 -> Codec.PCMA;
            case 3 -> Codec.L16;
            default -> throw new IOException("unknown codec id " + id + " in jitter buffer state");
        };
    }

    @Override
    public TypeSerializerSnapshot<JitterBufferState> snapshotConfiguration() {
        return new JitterBufferStateSerializerSnapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class JitterBufferStateSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<JitterBufferState> {

        public JitterBufferStateSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
