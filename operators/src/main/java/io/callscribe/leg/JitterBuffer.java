package io.callscribe.leg;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts one leg's RTP frames back in sequence order and says where audio is missing.
 *
 * <p>Frames are released as soon as they are next in sequence, so in-order audio passes with no
 * delay; only a missing frame makes the frames after it wait, until it arrives, until
 * {@link JitterBufferConfig#windowFrames()} later frames have (the window), or until the first of
 * them has waited {@link JitterBufferConfig#maxWaitMs()}. A stream's first frame waits the same way,
 * so that an earlier frame overtaken on the network can still take its place. What is given up
 * becomes a {@link ConcealedGap} as long as the RTP timestamps say, filled in up to
 * {@link JitterBufferConfig#maxConcealmentMs()} and skipped beyond.
 *
 * <p>Sequence numbers and timestamps are extended past their 16- and 32-bit wrap-around. A frame of
 * a new SSRC (the gateway re-INVITEd, or a new stream began), or of the same SSRC but further than
 * {@link JitterBufferConfig#maxSequenceJump()} from the highest sequence number seen, starts a new
 * stream: the old one's waiting frames are released first and the pause between the two, measured
 * on the {@code capturedAtMs} clock since their timestamps are unrelated, becomes a gap. Frames of
 * the SSRC before the current one are late within {@code maxWaitMs} of the switch (stragglers) and a
 * switch back after that. A lone stray frame of the current SSRC far
 * off its numbering is taken for a new stream too (RFC 3550 would wait for a second one to agree).
 *
 * <p>The buffer holds only its settings and can be shared; each leg's position and waiting frames
 * are its {@link JitterBufferState}.
 */
public final class JitterBuffer {

    private static final int G711_SAMPLE_RATE = 8000;
    private static final int MIN_L16_SAMPLE_RATE = 8000;
    private static final int MAX_L16_SAMPLE_RATE = 48000;

    private final JitterBufferConfig config;

    public JitterBuffer(JitterBufferConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Takes a frame and returns what it lets go, in playout order. Frames must have passed the wire
     * codec's checks: G.711 at 8000 Hz, L16 at 8000..48000 Hz.
     *
     * @throws IllegalArgumentException if the frame's codec and sample rate do not go together
     */
    public List<ReleasedAudio> offer(JitterBufferState state, AudioFrame frame) {
        checkRate(frame);
        List<ReleasedAudio> released = new ArrayList<>();
        if (!state.hasStream()) {
            state.startStream(frame);
        } else if (frame.ssrc() != state.ssrc()) {
            if (isStraggler(state, frame)) {
                state.counters().countLate();
                return released;
            }
            restart(state, frame, released);
        } else if (Math.abs(state.extendSequence(frame.sequence()) - state.highestSequence())
                > config.maxSequenceJump()) {
            restart(state, frame, released);
        }
        accept(state, frame);
        release(state, frame.capturedAtMs(), false, released);
        return released;
    }

    /**
     * Gives up the missing frames that frames after them have waited {@code maxWaitMs} for by
     * {@code nowMs} (the {@code capturedAtMs} clock), and returns what that releases.
     */
    public List<ReleasedAudio> releaseExpired(JitterBufferState state, long nowMs) {
        List<ReleasedAudio> released = new ArrayList<>();
        release(state, nowMs, false, released);
        return released;
    }

    /** Releases everything waiting, giving up whatever is missing before it: the leg has ended. */
    public List<ReleasedAudio> flush(JitterBufferState state) {
        List<ReleasedAudio> released = new ArrayList<>();
        release(state, Long.MAX_VALUE, true, released);
        return released;
    }

    /**
     * When {@link #releaseExpired} next has something to do, on the {@code capturedAtMs} clock;
     * {@link Long#MAX_VALUE} when nothing waits. An operator sets its timer to this.
     */
    public long deadline(JitterBufferState state) {
        return state.hasPending() ? saturatedAdd(state.earliestPendingArrivalMs(), config.maxWaitMs())
                : Long.MAX_VALUE;
    }

    private void restart(JitterBufferState state, AudioFrame frame, List<ReleasedAudio> released) {
        // Every stream holds its first frame, so flushing it releases something and sets the expected arrival.
        release(state, Long.MAX_VALUE, true, released);
        state.counters().countStreamReset();
        long pauseSamples = (frame.capturedAtMs() - state.expectedArrivalMs()) * frame.sampleRate() / 1000;
        if (pauseSamples > 0) {
            addGap(state, frame.sampleRate(), 0, pauseSamples, released);
        }
        state.startStream(frame);
    }

    /** A frame of the previous stream that the network delayed past the first frames of the current one. */
    private boolean isStraggler(JitterBufferState state, AudioFrame frame) {
        return frame.ssrc() == state.previousSsrc()
                && frame.capturedAtMs() - state.streamStartMs() <= config.maxWaitMs();
    }

    private void accept(JitterBufferState state, AudioFrame frame) {
        long sequence = state.extendSequence(frame.sequence());
        long timestamp = state.extendTimestamp(frame.rtpTimestamp());
        if (sequence < state.nextSequence()) {
            if (!state.releasedAny() && state.highestSequence() - sequence < config.windowFrames()) {
                state.rewindTo(sequence, timestamp);
            } else {
                if (state.wasReleased(sequence)) {
                    state.counters().countDuplicate();
                } else {
                    state.counters().countLate();
                }
                return;
            }
        }
        if (state.isPending(sequence)) {
            state.counters().countDuplicate();
            return;
        }
        state.hold(ReceivedFrame.of(frame, sequence, timestamp));
    }

    private void release(JitterBufferState state, long nowMs, boolean all, List<ReleasedAudio> released) {
        while (state.hasPending()) {
            ReceivedFrame first = state.firstPending();
            boolean inSequence = state.releasedAny() && first.sequence() == state.nextSequence();
            boolean waitedEnough = all
                    || state.highestSequence() - state.nextSequence() >= config.windowFrames()
                    || nowMs >= saturatedAdd(state.earliestPendingArrivalMs(), config.maxWaitMs());
            if (!inSequence && !waitedEnough) {
                return;
            }
            long lostFrames = first.sequence() - state.nextSequence();
            long missingSamples = state.releasedAny() ? first.timestamp() - state.nextTimestamp() : 0;
            if (lostFrames > 0 && missingSamples <= 0) {
                // The timestamps do not account for the loss; assume the lost frames were as long as this one.
                missingSamples = lostFrames * first.sampleCount();
            }
            if (missingSamples > 0) {
                addGap(state, first.sampleRate(), lostFrames, missingSamples, released);
            }
            released.add(state.releaseFirst());
        }
    }

    private void addGap(JitterBufferState state, int sampleRate, long lostFrames, long missingSamples,
            List<ReleasedAudio> released) {
        int concealed = (int) Math.min(missingSamples, config.maxConcealmentSamples(sampleRate));
        state.counters().countGap(lostFrames, concealed);
        released.add(new ConcealedGap(sampleRate, lostFrames, missingSamples, concealed));
    }

    private static void checkRate(AudioFrame frame) {
        boolean valid = frame.codec() == Codec.L16
                ? frame.sampleRate() >= MIN_L16_SAMPLE_RATE && frame.sampleRate() <= MAX_L16_SAMPLE_RATE
                : frame.sampleRate() == G711_SAMPLE_RATE;
        if (!valid) {
            throw new IllegalArgumentException(frame + ": " + frame.codec() + " at " + frame.sampleRate()
                    + " Hz is not supported (G.711 at 8000 Hz, L16 at 8000..48000 Hz)");
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
