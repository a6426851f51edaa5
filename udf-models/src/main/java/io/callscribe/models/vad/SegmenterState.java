package io.callscribe.models.vad;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** One stream's endpointing state, a plain value for keyed state (49 bytes encoded). */
public final class SegmenterState {

    private static final byte FORMAT_VERSION = 1;

    /** Samples consumed so far: the end of the last chunk seen. */
    long position;
    boolean inSpeech;
    /** Where the open segment starts (padding included). */
    long segmentStart;
    /** Where the open segment's speech itself begins (without padding). */
    long speechOnset;
    /** Where the current run of silence inside speech began, or -1. */
    long silenceStart = -1;
    /** End of the last emitted segment: the next one's padding must not reach back past it. */
    long lastEnd;
    /** Quietest chunk centre in the open segment's second half, the split point for long speech. */
    long quietestAt = -1;
    float quietestProbability = Float.MAX_VALUE;

    public long position() {
        return position;
    }

    public boolean inSpeech() {
        return inSpeech;
    }

    /** Start of the open segment; meaningful only while {@link #inSpeech()}. */
    public long segmentStart() {
        return segmentStart;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeLong(position);
        out.writeBoolean(inSpeech);
        out.writeLong(segmentStart);
        out.writeLong(speechOnset);
        out.writeLong(silenceStart);
        out.writeLong(lastEnd);
        out.writeLong(quietestAt);
        out.writeFloat(quietestProbability);
    }

    public static SegmenterState readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown SegmenterState format version " + version);
        }
        SegmenterState s = new SegmenterState();
        s.position = in.readLong();
        s.inSpeech = in.readBoolean();
        s.segmentStart = in.readLong();
        s.speechOnset = in.readLong();
        s.silenceStart = in.readLong();
        s.lastEnd = in.readLong();
        s.quietestAt = in.readLong();
        s.quietestProbability = in.readFloat();
        return s;
    }
}
