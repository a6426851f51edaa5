package io.callscribe.inference;

import io.callscribe.contract.Leg;
import io.callscribe.hotwords.HotwordSetSerializer;
import io.callscribe.models.hotwords.HotwordSet;
import io.callscribe.pipeline.LegKey;
import io.callscribe.serialization.SampleArrays;
import io.callscribe.state.VersionedStateSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializer of recognition requests: they cross the network and sit in the async operator's
 * checkpointed queue, each with up to a segment of audio, so the audio is copied in bulk (the
 * generic POJO path wrote it sample by sample). Format 1.
 */
public final class RecognitionRequestSerializer extends VersionedStateSerializer<RecognitionRequest> {

    public static final RecognitionRequestSerializer INSTANCE = new RecognitionRequestSerializer();

    private static final long serialVersionUID = 1L;
    private static final RequestKind[] KINDS = RequestKind.values();
    private static final Leg[] LEGS = Leg.values();

    @Override
    protected int currentVersion() {
        return 1;
    }

    @Override
    public RecognitionRequest createInstance() {
        return null;
    }

    @Override
    protected RecognitionRequest deepCopy(RecognitionRequest r) {
        return new RecognitionRequest(r.leg(), r.kind(), r.segmentId(), r.revision(), r.startSample(), r.audio().clone(),
                r.hotwords(), r.legOffsetMs(), r.callStartMs(), r.endpointAtMs(), r.finalsEmitted(), r.endedBy(), r.tenantHotwords());
    }

    @Override
    protected void write(RecognitionRequest r, DataOutputView out) throws IOException {
        out.writeUTF(r.leg().tenant());
        out.writeUTF(r.leg().callId());
        out.writeByte(r.leg().leg().ordinal());
        out.writeByte(r.kind().ordinal());
        out.writeUTF(r.segmentId());
        out.writeInt(r.revision());
        out.writeLong(r.startSample());
        SampleArrays.writeShorts(out, r.audio());
        out.writeInt(r.hotwords().size());
        for (String h : r.hotwords()) {
            out.writeUTF(h);
        }
        out.writeLong(r.legOffsetMs());
        out.writeLong(r.callStartMs());
        out.writeLong(r.endpointAtMs());
        out.writeInt(r.finalsEmitted());
        out.writeBoolean(r.endedBy() != null);
        if (r.endedBy() != null) {
            out.writeUTF(r.endedBy());
        }
        out.writeBoolean(r.tenantHotwords() != null);
        if (r.tenantHotwords() != null) {
            HotwordSetSerializer.INSTANCE.serialize(r.tenantHotwords(), out);
        }
    }

    @Override
    protected RecognitionRequest read(int version, DataInputView in) throws IOException {
        LegKey leg = new LegKey(in.readUTF(), in.readUTF(), LEGS[in.readUnsignedByte()]);
        RequestKind kind = KINDS[in.readUnsignedByte()];
        String segmentId = in.readUTF();
        int revision = in.readInt();
        long startSample = in.readLong();
        short[] audio = SampleArrays.readShorts(in);
        int hotwordCount = in.readInt();
        List<String> hotwords = new ArrayList<>(hotwordCount);
        for (int i = 0; i < hotwordCount; i++) {
            hotwords.add(in.readUTF());
        }
        long legOffsetMs = in.readLong();
        long callStartMs = in.readLong();
        long endpointAtMs = in.readLong();
        int finalsEmitted = in.readInt();
        String endedBy = in.readBoolean() ? in.readUTF() : null;
        HotwordSet tenantHotwords = in.readBoolean() ? HotwordSetSerializer.INSTANCE.deserialize(in) : null;
        return new RecognitionRequest(leg, kind, segmentId, revision, startSample, audio, List.copyOf(hotwords), legOffsetMs,
                callStartMs, endpointAtMs, finalsEmitted, endedBy, tenantHotwords);
    }

    @Override
    public TypeSerializerSnapshot<RecognitionRequest> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; the format version travels with every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RecognitionRequest> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
