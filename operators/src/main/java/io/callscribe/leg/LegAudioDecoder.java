package io.callscribe.leg;

import io.callscribe.audio.G711;
import io.callscribe.audio.Resampler;
import io.callscribe.audio.ResamplerKind;
import io.callscribe.audio.ResamplerState;
import io.callscribe.contract.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a leg's released audio into 16 kHz samples on the leg's timeline.
 *
 * <p>PCMU and PCMA are decoded with {@link G711} at 8 kHz, L16 (big-endian) at its own rate; gaps
 * are filled by {@link PacketLossConcealer} where packets were lost and with silence where the
 * sender sent none. Everything then goes through one streaming sinc {@link Resampler} whose state
 * the leg carries, so decoding a leg in any number of pieces gives exactly the samples that decoding
 * it whole would; 16 kHz audio is passed through untouched. A change of sample rate ends the
 * resampler's stream (its held-back output is flushed) and starts one at the new rate; a change of
 * codec at the same rate is just more audio of the same signal and changes nothing. A gap's
 * skipped part ends the resampler's stream the same way, and moves the timeline on by its length.
 *
 * <p>The decoder holds only shared, immutable resamplers (one per input rate); each leg's position is
 * its {@link LegAudioDecoderState}. It is not serializable: an operator creates it when it opens.
 */
public final class LegAudioDecoder {

    public static final int OUTPUT_RATE = 16_000;

    private static final float FULL_SCALE = 32768f;

    private final Map<Integer, Resampler> resamplers = new ConcurrentHashMap<>();

    /** Decodes {@code released} (in playout order) and returns the 16 kHz audio it completes. */
    public List<LegAudioChunk> decode(LegAudioDecoderState state, List<? extends ReleasedAudio> released) {
        Output output = decodeInto(state, released);
        output.resamplePending();
        return output.chunks();
    }

    /**
     * Decodes the leg's last {@code released} audio and ends the leg: returns also the audio the
     * resampler held back for look-ahead, as if silence followed.
     */
    public List<LegAudioChunk> finish(LegAudioDecoderState state, List<? extends ReleasedAudio> released) {
        Output output = decodeInto(state, released);
        output.endRun();
        return output.chunks();
    }

    private Output decodeInto(LegAudioDecoderState state, List<? extends ReleasedAudio> released) {
        Output output = new Output(state);
        for (ReleasedAudio item : released) {
            if (item.sampleRate() != state.sampleRate()) {
                output.endRun();
                state.switchTo(item.sampleRate(), item.sampleRate() == OUTPUT_RATE ? null
                        : resampler(item.sampleRate()).newState());
            }
            if (item instanceof ReceivedFrame frame) {
                decodeFrame(state, frame, output);
            } else if (item instanceof ConcealedGap gap) {
                fillGap(state, gap, output);
            }
        }
        return output;
    }

    private static void decodeFrame(LegAudioDecoderState state, ReceivedFrame frame, Output output) {
        short[] pcm = pcm(frame);
        float[] audio = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            audio[i] = pcm[i] / FULL_SCALE;
        }
        if (state.concealedSamples() > 0) {
            PacketLossConcealer.resume(state.history(), state.sampleRate(), state.concealedSamples(), audio);
            state.setConcealedSamples(0);
        }
        state.remember(pcm, PacketLossConcealer.historySamples(state.sampleRate()));
        output.append(audio);
    }

    private static void fillGap(LegAudioDecoderState state, ConcealedGap gap, Output output) {
        boolean lost = gap.lostFrames() > 0;
        output.append(lost ? PacketLossConcealer.conceal(state.history(), gap.sampleRate(), 0, gap.concealedSamples())
                : new float[gap.concealedSamples()]);
        state.setConcealedSamples(lost ? gap.concealedSamples() : 0);
        if (gap.skippedSamples() > 0) {
            output.endRun();
            state.advance(Math.round((double) gap.skippedSamples() * OUTPUT_RATE / gap.sampleRate()));
            state.forgetHistory();
        }
    }

    private static short[] pcm(ReceivedFrame frame) {
        byte[] payload = frame.payload();
        short[] pcm = new short[frame.sampleCount()];
        switch (frame.codec()) {
            case PCMU -> G711.MU_LAW.decode(payload, 0, pcm.length, pcm, 0);
            case PCMA -> G711.A_LAW.decode(payload, 0, pcm.length, pcm, 0);
            case L16 -> {
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) ((payload[2 * i] << 8) | (payload[2 * i + 1] & 0xFF));
                }
            }
        }
        return pcm;
    }

    private Resampler resampler(int inputRate) {
        return resamplers.computeIfAbsent(inputRate, rate -> Resampler.create(ResamplerKind.SINC, rate, OUTPUT_RATE));
    }

    /** The output of one call: gathers the leg-rate input and cuts the 16 kHz output into chunks. */
    private final class Output {

        private final LegAudioDecoderState state;
        private final List<float[]> input = new ArrayList<>();
        private final List<LegAudioChunk> chunks = new ArrayList<>();
        private final List<float[]> chunkPieces = new ArrayList<>();
        private long chunkStart;

        Output(LegAudioDecoderState state) {
            this.state = state;
        }

        void append(float[] audio) {
            input.add(audio);
        }

        /** Resamples the gathered input; the resampler keeps back what later outputs still need. */
        void resamplePending() {
            float[] all = concatenate(input);
            input.clear();
            ResamplerState resamplerState = state.resampler();
            emit(resamplerState == null ? all
                    : resampler(state.sampleRate()).process(resamplerState, all, 0, all.length));
        }

        /** Ends a contiguous stretch of input: resamples it and what the resampler kept back. */
        void endRun() {
            resamplePending();
            if (state.resampler() != null) {
                emit(resampler(state.sampleRate()).flush(state.resampler()));
            }
        }

        private void emit(float[] samples) {
            if (samples.length == 0) {
                return;
            }
            if (!chunkPieces.isEmpty() && chunkStart + lengthOf(chunkPieces) != state.nextOutputSample()) {
                closeChunk();
            }
            if (chunkPieces.isEmpty()) {
                chunkStart = state.nextOutputSample();
            }
            chunkPieces.add(samples);
            state.advance(samples.length);
        }

        List<LegAudioChunk> chunks() {
            closeChunk();
            return chunks;
        }

        private void closeChunk() {
            if (!chunkPieces.isEmpty()) {
                chunks.add(new LegAudioChunk(chunkStart, concatenate(chunkPieces)));
                chunkPieces.clear();
            }
        }
    }

    private static int lengthOf(List<float[]> pieces) {
        int length = 0;
        for (float[] piece : pieces) {
            length += piece.length;
        }
        return length;
    }

    private static float[] concatenate(List<float[]> pieces) {
        if (pieces.size() == 1) {
            return pieces.get(0);
        }
        float[] all = new float[lengthOf(pieces)];
        int at = 0;
        for (float[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }
}
