package io.callscribe.assembly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/** A leg's assembly bookkeeping: what was emitted, what the summary adds up, whether the leg ended. */
final class AssemblyState {

    /** Finalized segment IDs remembered to drop their late partials; partials are never older. */
    static final int REMEMBERED_FINALS = 16;

    String openSegmentId = "";
    int openRevision;
    final Deque<String> recentFinals = new ArrayDeque<>();
    int finalsSeen;
    int nonEmptySegments;
    long talkTimeMs;
    double confidenceSum;
    int reviewCount;
    /** Finals the ended leg emitted, or -1 while the leg is live. */
    int finalsExpected = -1;
    String endedBy = "";

    void rememberFinal(String segmentId) {
        recentFinals.addLast(segmentId);
        while (recentFinals.size() > REMEMBERED_FINALS) {
            recentFinals.removeFirst();
        }
    }

    /** The fields in order; the serializer writes the format version in front. */
    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(openSegmentId);
        out.writeInt(openRevision);
        out.writeShort(recentFinals.size());
        for (String id : recentFinals) {
            out.writeUTF(id);
        }
        out.writeInt(finalsSeen);
        out.writeInt(nonEmptySegments);
        out.writeLong(talkTimeMs);
        out.writeDouble(confidenceSum);
        out.writeInt(reviewCount);
        out.writeInt(finalsExpected);
        out.writeUTF(endedBy);
    }

    static AssemblyState readFrom(DataInput in) throws IOException {
        AssemblyState s = new AssemblyState();
        s.openSegmentId = in.readUTF();
        s.openRevision = in.readInt();
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            s.recentFinals.addLast(in.readUTF());
        }
        s.finalsSeen = in.readInt();
        s.nonEmptySegments = in.readInt();
        s.talkTimeMs = in.readLong();
        s.confidenceSum = in.readDouble();
        s.reviewCount = in.readInt();
        s.finalsExpected = in.readInt();
        s.endedBy = in.readUTF();
        return s;
    }
}
