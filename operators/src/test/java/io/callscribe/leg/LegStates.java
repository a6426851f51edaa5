package io.callscribe.leg;

import io.callscribe.audio.G711;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.Codec;
import io.callscribe.contract.Leg;
import java.util.List;

/** Per-leg states as legs really leave them, to serialize in tests. */
final class LegStates {

    private static final RtpStream STREAM = new RtpStream(0xA11CEL, 65_530, 0xFFFF_F000L);

    private LegStates() {
    }

    /** A leg that has received {@code frames} frames of {@link #STREAM} in order, then the given ones. */
    static LegAudioState afterFrames(int frames, int... thenFrames) {
        LegAudioReceiver receiver = new LegAudioReceiver(new JitterBuffer(JitterBufferConfig.DEFAULT),
                new LegAudioDecoder());
        LegAudioState state = new LegAudioState();
        long clock = 0;
        for (int n = 0; n < frames; n++) {
            receiver.receive(state, voiced(n, clock += 20));
        }
        for (int n : thenFrames) {
            receiver.receive(state, voiced(n, clock += 20));
        }
        return state;
    }

    /** A typical leg in mid-call: in-order PCMU, nothing waiting. */
    static LegAudioState steadyPcmu() {
        return afterFrames(50);
    }

    /** A PCMU leg with a full window: frame 50 is missing and 51..57 wait for it. */
    static LegAudioState fullWindowPcmu() {
        return afterFrames(50, 51, 52, 53, 54, 55, 56, 57);
    }

    /** A leg right after a lost frame was concealed (the next frame will fade in). */
    static LegAudioState justConcealed() {
        LegAudioState state = afterFrames(50);
        LegAudioDecoder decoder = new LegAudioDecoder();
        decoder.decode(state.decoder(), List.of(new ConcealedGap(8000, 1, 160, 160)));
        return state;
    }

    /** A wideband leg: L16 at 16 kHz needs no resampler. */
    static LegAudioState widebandL16() {
        LegAudioReceiver receiver = new LegAudioReceiver(new JitterBuffer(JitterBufferConfig.DEFAULT),
                new LegAudioDecoder());
        LegAudioState state = new LegAudioState();
        for (int n = 0; n < 12; n++) {
            byte[] payload = new byte[640];
            for (int i = 0; i < payload.length; i += 2) {
                payload[i] = (byte) (40 * Math.sin(i * 0.05 + n));
            }
            receiver.receive(state, new AudioFrame("tenant", "call", Leg.CUSTOMER, 99, n, 320L * n, Codec.L16,
                    16_000, payload, 20L * n));
        }
        return state;
    }

    /** Frame {@code n} of the test stream carrying a 200 Hz tone, so that the decoder's history is not silence. */
    private static AudioFrame voiced(int n, long capturedAtMs) {
        AudioFrame frame = STREAM.frame(n, capturedAtMs);
        byte[] payload = frame.payload();
        for (int i = 0; i < payload.length; i++) {
            int sample = (int) (8000 * Math.sin(2 * Math.PI * 200 * (n * 160 + i) / 8000.0));
            payload[i] = G711.MU_LAW.encode(sample);
        }
        return frame;
    }
}
