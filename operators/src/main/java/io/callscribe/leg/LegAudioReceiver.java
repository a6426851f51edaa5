package io.callscribe.leg;

import io.callscribe.contract.AudioFrame;
import java.util.List;
import java.util.Objects;

/**
 * A leg's receiving end: RTP frames in, 16 kHz audio on the leg's timeline out, through a
 * {@link JitterBuffer} and a {@link LegAudioDecoder}. A keyed operator keeps one
 * {@link LegAudioState} per leg, calls {@link #receive} per frame, sets a timer to
 * {@link #deadline} for {@link #releaseExpired}, and calls {@link #finish} when the leg ends.
 */
public final class LegAudioReceiver {

    private final JitterBuffer jitterBuffer;
    private final LegAudioDecoder decoder;

    public LegAudioReceiver(JitterBuffer jitterBuffer, LegAudioDecoder decoder) {
        this.jitterBuffer = Objects.requireNonNull(jitterBuffer, "jitterBuffer");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** Takes one frame of the leg and returns the audio it completes. */
    public List<LegAudioChunk> receive(LegAudioState state, AudioFrame frame) {
        return decoder.decode(state.decoder(), jitterBuffer.offer(state.jitterBuffer(), frame));
    }

    /** Gives up on frames waited for long enough by {@code nowMs} and returns the audio that completes. */
    public List<LegAudioChunk> releaseExpired(LegAudioState state, long nowMs) {
        return decoder.decode(state.decoder(), jitterBuffer.releaseExpired(state.jitterBuffer(), nowMs));
    }

    /** When {@link #releaseExpired} next has work, on the frames' {@code capturedAtMs} clock. */
    public long deadline(LegAudioState state) {
        return jitterBuffer.deadline(state.jitterBuffer());
    }

    /** Ends the leg: releases everything waiting and everything the decoder holds back. */
    public List<LegAudioChunk> finish(LegAudioState state) {
        return decoder.finish(state.decoder(), jitterBuffer.flush(state.jitterBuffer()));
    }
}
