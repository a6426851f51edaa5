package io.callscribe.audio;

import java.util.Objects;

/**
 * ITU-T G.711 companding: the two 8-bit codes of the telephone network.
 *
 * <p>Decoding goes through 256-entry tables because it runs for every sample of every call leg;
 * encoding is arithmetic (it only runs in tools and tests). The code follows the reference
 * implementation of the recommendation (Sun's g711.c), so decoded values span +-32124 (mu-law)
 * and +-32256 (A-law).
 */
public enum G711 {
    /** mu-law (PCMU, RTP payload type 0): North America and Japan. */
    MU_LAW {
        @Override
        public byte encode(int sample) {
            // Bias so that every segment's range starts on a power of two, then take the segment.
            int clamped = clamp16(sample);
            int mask = clamped < 0 ? 0x7F : 0xFF;
            int biased = Math.min((clamped < 0 ? -clamped : clamped) + MU_LAW_BIAS, 0x7FFF);
            int segment = segmentOf(biased >> 8);
            int code = (segment << 4) | ((biased >> (segment + 3)) & 0x0F);
            return (byte) (code ^ mask);
        }

        @Override
        int computeDecoded(int code) {
            int inverted = ~code & 0xFF;
            int magnitude = (((inverted & 0x0F) << 3) + MU_LAW_BIAS) << ((inverted & 0x70) >> 4);
            return (inverted & 0x80) != 0 ? MU_LAW_BIAS - magnitude : magnitude - MU_LAW_BIAS;
        }
    },

    /** A-law (PCMA, RTP payload type 8): Europe and most of the rest of the world. */
    A_LAW {
        @Override
        public byte encode(int sample) {
            int clamped = clamp16(sample);
            // Even bits are inverted on the wire (the 0x55 mask) to keep enough 1s for clock recovery.
            int mask = clamped >= 0 ? 0xD5 : 0x55;
            int magnitude = clamped >= 0 ? clamped : -clamped - 1;
            int segment = segmentOf(magnitude >> 8);
            int mantissa = (magnitude >> (Math.max(segment, 1) + 3)) & 0x0F;
            return (byte) (((segment << 4) | mantissa) ^ mask);
        }

        @Override
        int computeDecoded(int code) {
            int plain = (code ^ 0x55) & 0xFF;
            int segment = (plain & 0x70) >> 4;
            int magnitude = (plain & 0x0F) << 4;
            magnitude = switch (segment) {
                case 0 -> magnitude + 8;
                case 1 -> magnitude + 0x108;
                default -> (magnitude + 0x108) << (segment - 1);
            };
            return (plain & 0x80) != 0 ? magnitude : -magnitude;
        }
    };

    private static final int MU_LAW_BIAS = 0x84;
    private static final float FULL_SCALE = 32768f;

    private final short[] linear = new short[256];
    private final float[] scaled = new float[256];

    G711() {
        for (int code = 0; code < 256; code++) {
            linear[code] = (short) computeDecoded(code);
            scaled[code] = linear[code] / FULL_SCALE;
        }
    }

    /** Encodes a 16-bit linear sample; values outside the 16-bit range are clipped first. */
    public abstract byte encode(int sample);

    /** The arithmetic definition the lookup tables are filled from. */
    abstract int computeDecoded(int code);

    /** Decodes one code to a 16-bit linear sample. */
    public short decode(byte code) {
        return linear[code & 0xFF];
    }

    /** Decodes {@code length} codes of {@code payload} into {@code out}, allocating nothing. */
    public void decode(byte[] payload, int offset, int length, short[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        Objects.checkFromIndexSize(outOffset, length, out.length);
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = linear[payload[offset + i] & 0xFF];
        }
    }

    /** Decodes {@code length} codes into {@code out} as floats in [-1, 1) (sample / 32768). */
    public void decode(byte[] payload, int offset, int length, float[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        Objects.checkFromIndexSize(outOffset, length, out.length);
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = scaled[payload[offset + i] & 0xFF];
        }
    }

    /** Decodes a payload to a new float array in [-1, 1). */
    public float[] decodeToFloats(byte[] payload, int offset, int length) {
        float[] out = new float[length];
        decode(payload, offset, length, out, 0);
        return out;
    }

    /** Encodes floats in [-1, 1] (scaled by 32768, rounded, clipped) into {@code out}. */
    public void encode(float[] samples, int offset, int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        Objects.checkFromIndexSize(outOffset, length, out.length);
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = encode(Math.round(samples[offset + i] * FULL_SCALE));
        }
    }

    private static int clamp16(int sample) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    }

    /** Index of the highest set bit plus one, capped at 7: the G.711 segment (chord) number. */
    private static int segmentOf(int scaledMagnitude) {
        return Math.min(7, 32 - Integer.numberOfLeadingZeros(scaledMagnitude));
    }
}
