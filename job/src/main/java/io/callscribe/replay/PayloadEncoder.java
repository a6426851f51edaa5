package io.callscribe.replay;

import io.callscribe.audio.G711;
import io.callscribe.contract.Codec;

/** Samples in [-1, 1] to RTP payload bytes of one codec. */
final class PayloadEncoder {

    private PayloadEncoder() {
    }

    static int bytesPerSample(Codec codec) {
        return codec == Codec.L16 ? 2 : 1;
    }

    /** Encodes {@code samples[offset, offset + count)}; positions past the end of the array are silence. */
    static byte[] encode(Codec codec, float[] samples, int offset, int count) {
        float[] frame = new float[count];
        System.arraycopy(samples, offset, frame, 0, Math.max(0, Math.min(count, samples.length - offset)));
        byte[] payload = new byte[count * bytesPerSample(codec)];
        switch (codec) {
            case PCMU -> G711.MU_LAW.encode(frame, 0, count, payload, 0);
            case PCMA -> G711.A_LAW.encode(frame, 0, count, payload, 0);
            case L16 -> {
                // RTP's L16 is big-endian (RFC 3551).
                for (int i = 0; i < count; i++) {
                    int sample = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(frame[i] * 32768f)));
                    payload[2 * i] = (byte) (sample >> 8);
                    payload[2 * i + 1] = (byte) sample;
                }
            }
            default -> throw new IllegalArgumentException("no encoder for " + codec);
        }
        return payload;
    }
}
