package io.callscribe.leg;

import io.callscribe.audio.ResamplerState;
import java.util.Arrays;
import java.util.Objects;

/**
 * One leg's decoding position, kept in keyed state with {@link LegAudioDecoderStateSerializer}: the
 * sample rate it is at, where on the 16 kHz timeline its next output lands, the resampler's carried
 * input (none at 16 kHz), and the last {@value PacketLossConcealer#HISTORY_MS} ms of audio that
 * loss concealment repeats from. At 8 kHz that is about 700 bytes.
 */
public final class LegAudioDecoderState {

    /** The sample rate before the first audio. */
    static final int NO_RATE = 0;

    private int sampleRate;
    private long nextOutputSample;
    private ResamplerState resampler;
    private short[] history;
    private int concealedSamples;

    /** The state of a leg before its first audio. */
    public LegAudioDecoderState() {
        this(NO_RATE, 0, null, new short[0], 0);
    }

    /**
     * @param resampler null where the rate needs none (16 kHz) or before the first audio
     * @param concealedSamples how many samples of the gap just passed were filled by concealment, for the cross-fade
     */
    LegAudioDecoderState(int sampleRate, long nextOutputSample, ResamplerState resampler, short[] history,
            int concealedSamples) {
        this.sampleRate = sampleRate;
        this.nextOutputSample = nextOutputSample;
        this.resampler = resampler;
        this.history = Objects.requireNonNull(history, "history");
        this.concealedSamples = concealedSamples;
    }

    /** Where the next 16 kHz output sample lands on the leg's timeline. */
    public long nextOutputSample() {
        return nextOutputSample;
    }

    int sampleRate() {
        return sampleRate;
    }

    ResamplerState resampler() {
        return resampler;
    }

    short[] history() {
        return history;
    }

    int concealedSamples() {
        return concealedSamples;
    }

    /** Starts decoding at another rate: what was carried for the old one no longer applies. */
    void switchTo(int rate, ResamplerState freshResampler) {
        sampleRate = rate;
        resampler = freshResampler;
        forgetHistory();
    }

    void advance(long outputSamples) {
        nextOutputSample += outputSamples;
    }

    /** Keeps the last {@code keep} samples of the history followed by {@code audio}. */
    void remember(short[] audio, int keep) {
        int fromHistory = Math.max(0, Math.min(history.length, keep - audio.length));
        int fromAudio = Math.min(audio.length, keep);
        short[] next = new short[fromHistory + fromAudio];
        System.arraycopy(history, history.length - fromHistory, next, 0, fromHistory);
        System.arraycopy(audio, audio.length - fromAudio, next, fromHistory, fromAudio);
        history = next;
    }

    void forgetHistory() {
        history = new short[0];
        concealedSamples = 0;
    }

    void setConcealedSamples(int concealed) {
        concealedSamples = concealed;
    }

    /** A deep copy: nothing of it is shared with this state. */
    LegAudioDecoderState copy() {
        ResamplerState resamplerCopy = resampler == null ? null
                : ResamplerState.restore(resampler.history(), resampler.position());
        return new LegAudioDecoderState(sampleRate, nextOutputSample, resamplerCopy, history.clone(),
                concealedSamples);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegAudioDecoderState s && sampleRate == s.sampleRate
                && nextOutputSample == s.nextOutputSample && concealedSamples == s.concealedSamples
                && Arrays.equals(history, s.history) && sameResampler(resampler, s.resampler);
    }

    private static boolean sameResampler(ResamplerState a, ResamplerState b) {
        return a == null ? b == null
                : b != null && a.position() == b.position() && Arrays.equals(a.history(), b.history());
    }

    @Override
    public int hashCode() {
        return Objects.hash(sampleRate, nextOutputSample, concealedSamples) * 31 + Arrays.hashCode(history);
    }

    @Override
    public String toString() {
        return "LegAudioDecoderState[" + sampleRate + " Hz, next output " + nextOutputSample + ", " + resampler
                + ", history " + history.length + "]";
    }
}
