package io.callscribe.segmentation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A leg's bookkeeping besides audio and models: where its clock sits on the call's, the buffered
 * utterance audio's extent, partial revisions, and the call's metadata.
 */
final class LegProgress {


    /** Epoch ms where the call's clock is 0: the call-started event's time, else the leg's first frame's capture time; 0 before either. */
    long callStartMs;
    /** Where the leg's sample 0 lies on the call's clock; set by the first frame. */
    long legOffsetMs = -1;
    /** Leg sample index of the first sample held in the utterance buffer. */
    long bufferStart;
    /** Samples held in the utterance buffer. */
    long bufferLength;
    /** Partial revisions issued for the open segment. */
    int revision;
    /** Leg sample position of the last partial request. */
    long lastPartialAt;
    int finalsEmitted;
    long lastFrameAtMs;
    /** The gateway's capture time of the last frame: the jitter buffer's clock. */
    long lastCapturedAtMs;
    /** The call-ended event arrived; the leg ends once its frames have stopped for the end grace. */
    boolean endRequested;
    /** The call-ended event's time (gateway clock). */
    long endedAtMs;
    /** Processing time when the call-ended event arrived. */
    long endRequestedAtMs;
    /** Per-call hot words from the call-started event. */
    List<String> hotwords = List.of();

    /** The fields in order; the serializer writes the format version in front. */
    void writeTo(DataOutput out) throws IOException {
        out.writeLong(callStartMs);
        out.writeLong(legOffsetMs);
        out.writeLong(bufferStart);
        out.writeLong(bufferLength);
        out.writeInt(revision);
        out.writeLong(lastPartialAt);
        out.writeInt(finalsEmitted);
        out.writeLong(lastFrameAtMs);
        out.writeLong(lastCapturedAtMs);
        out.writeBoolean(endRequested);
        out.writeLong(endedAtMs);
        out.writeLong(endRequestedAtMs);
        out.writeShort(hotwords.size());
        for (String h : hotwords) {
            out.writeUTF(h);
        }
    }

    static LegProgress readFrom(DataInput in) throws IOException {
        LegProgress p = new LegProgress();
        p.callStartMs = in.readLong();
        p.legOffsetMs = in.readLong();
        p.bufferStart = in.readLong();
        p.bufferLength = in.readLong();
        p.revision = in.readInt();
        p.lastPartialAt = in.readLong();
        p.finalsEmitted = in.readInt();
        p.lastFrameAtMs = in.readLong();
        p.lastCapturedAtMs = in.readLong();
        p.endRequested = in.readBoolean();
        p.endedAtMs = in.readLong();
        p.endRequestedAtMs = in.readLong();
        int n = in.readUnsignedShort();
        List<String> words = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            words.add(in.readUTF());
        }
        p.hotwords = List.copyOf(words);
        return p;
    }
}
