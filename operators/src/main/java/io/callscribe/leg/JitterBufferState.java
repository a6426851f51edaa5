package io.callscribe.leg;

import io.callscribe.contract.AudioFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One leg's place in its RTP stream and the frames waiting for a missing one: the per-leg value a
 * {@link JitterBuffer} works on, kept in keyed state with {@link JitterBufferStateSerializer}. While
 * frames arrive in order nothing waits here, so it is about a hundred bytes.
 */
public final class JitterBufferState {

    /** SSRCs are 32-bit unsigned, so no real one is negative. */
    static final long NO_SSRC = -1;

    private long ssrc = NO_SSRC;
    private long previousSsrc = NO_SSRC;
    private long streamStartMs;
    private long nextSequence;
    private long nextTimestamp;
    private boolean releasedAny;
    /** Bit i: sequence {@code nextSequence - 1 - i} was released (not given up), to tell duplicates from late frames. */
    private long releasedMask;
    private long expectedArrivalMs;
    private final TreeMap<Long, ReceivedFrame> pending = new TreeMap<>();
    private final JitterCounters counters;

    /** The state of a leg before its first frame. */
    public JitterBufferState() {
        this.counters = new JitterCounters();
    }

    JitterBufferState(long ssrc, long previousSsrc, long streamStartMs, long nextSequence, long nextTimestamp,
            boolean releasedAny, long releasedMask, long expectedArrivalMs, List<ReceivedFrame> pending,
            JitterCounters counters) {
        this.ssrc = ssrc;
        this.previousSsrc = previousSsrc;
        this.streamStartMs = streamStartMs;
        this.nextSequence = nextSequence;
        this.nextTimestamp = nextTimestamp;
        this.releasedAny = releasedAny;
        this.releasedMask = releasedMask;
        this.expectedArrivalMs = expectedArrivalMs;
        for (ReceivedFrame frame : pending) {
            this.pending.put(frame.sequence(), frame);
        }
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    public JitterCounters counters() {
        return counters;
    }

    /** Frames waiting for a missing one. */
    public int bufferedFrames() {
        return pending.size();
    }

    boolean hasStream() {
        return ssrc != NO_SSRC;
    }

    long ssrc() {
        return ssrc;
    }

    long previousSsrc() {
        return previousSsrc;
    }

    /** When the current stream's first frame arrived, on the {@code capturedAtMs} clock. */
    long streamStartMs() {
        return streamStartMs;
    }

    long nextSequence() {
        return nextSequence;
    }

    long nextTimestamp() {
        return nextTimestamp;
    }

    boolean releasedAny() {
        return releasedAny;
    }

    long releasedMask() {
        return releasedMask;
    }

    long expectedArrivalMs() {
        return expectedArrivalMs;
    }

    /** The waiting frames in sequence order. */
    List<ReceivedFrame> pendingFrames() {
        return new ArrayList<>(pending.values());
    }

    /** Starts tracking a stream whose first frame to arrive is {@code frame}. */
    void startStream(AudioFrame frame) {
        if (frame.ssrc() != ssrc) {
            previousSsrc = ssrc;
        }
        ssrc = frame.ssrc();
        streamStartMs = frame.capturedAtMs();
        nextSequence = frame.sequence();
        nextTimestamp = frame.rtpTimestamp();
        releasedAny = false;
        releasedMask = 0;
    }

    /** The extended sequence number nearest the highest one seen that has these low 16 bits. */
    long extendSequence(int sequence) {
        long highest = highestSequence();
        return highest + (short) (sequence - highest);
    }

    /** The extended timestamp nearest the next expected one that has these low 32 bits. */
    long extendTimestamp(long timestamp) {
        return nextTimestamp + (int) (timestamp - nextTimestamp);
    }

    long highestSequence() {
        return pending.isEmpty() ? nextSequence - 1 : Math.max(pending.lastKey(), nextSequence - 1);
    }

    boolean wasReleased(long sequence) {
        long age = nextSequence - 1 - sequence;
        return age >= 0 && age < Long.SIZE && (releasedMask >>> age & 1) != 0;
    }

    boolean isPending(long sequence) {
        return pending.containsKey(sequence);
    }

    void hold(ReceivedFrame frame) {
        pending.put(frame.sequence(), frame);
    }

    /** Before anything of the stream is released, an earlier frame that arrives later becomes its start. */
    void rewindTo(long sequence, long timestamp) {
        nextSequence = sequence;
        nextTimestamp = timestamp;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    ReceivedFrame firstPending() {
        return pending.firstEntry().getValue();
    }

    long earliestPendingArrivalMs() {
        long earliest = Long.MAX_VALUE;
        for (ReceivedFrame frame : pending.values()) {
            earliest = Math.min(earliest, frame.capturedAtMs());
        }
        return earliest;
    }

    /** Releases the first waiting frame; every sequence number before it was given up. */
    ReceivedFrame releaseFirst() {
        ReceivedFrame frame = pending.pollFirstEntry().getValue();
        long shift = frame.sequence() - nextSequence + 1;
        releasedMask = (shift >= Long.SIZE ? 0 : releasedMask << shift) | 1;
        nextSequence = frame.sequence() + 1;
        nextTimestamp = frame.timestamp() + frame.sampleCount();
        releasedAny = true;
        expectedArrivalMs = frame.capturedAtMs() + frame.sampleCount() * 1000L / frame.sampleRate();
        counters.countReleased();
        return frame;
    }

    /** A deep copy: nothing of it is shared with this state. */
    JitterBufferState copy() {
        List<ReceivedFrame> frames = new ArrayList<>(pending.size());
        for (ReceivedFrame f : pending.values()) {
            frames.add(new ReceivedFrame(f.sequence(), f.timestamp(), f.codec(), f.sampleRate(), f.payload().clone(),
                    f.capturedAtMs()));
        }
        return new JitterBufferState(ssrc, previousSsrc, streamStartMs, nextSequence, nextTimestamp, releasedAny,
                releasedMask, expectedArrivalMs, frames, counters.copy());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JitterBufferState s && ssrc == s.ssrc && previousSsrc == s.previousSsrc
                && streamStartMs == s.streamStartMs && nextSequence == s.nextSequence
                && nextTimestamp == s.nextTimestamp && releasedAny == s.releasedAny
                && releasedMask == s.releasedMask && expectedArrivalMs == s.expectedArrivalMs
                && pending.equals(s.pending) && counters.equals(s.counters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ssrc, nextSequence, nextTimestamp, pending, counters);
    }

    @Override
    public String toString() {
        return "JitterBufferState[ssrc=" + ssrc + " next=" + nextSequence + " ts=" + nextTimestamp + " buffered="
                + pending.size() + " " + counters + "]";
    }
}
