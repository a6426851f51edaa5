package io.callscribe.eval;

import io.callscribe.audio.G711;

import java.util.Random;

/**
 * What a telephone leg does to 8 kHz audio before it reaches us: G.711 companding (encode and
 * decode, exactly as the gateway does) and lost 20 ms packets, concealed with silence.
 *
 * @param codec null for linear PCM
 * @param lossPercent share of 20 ms frames dropped at random
 * @param seed for the loss pattern, so runs are repeatable
 */
public record TelephonyCondition(G711 codec, double lossPercent, long seed) {

    public static final TelephonyCondition PCM = new TelephonyCondition(null, 0, 0);

    public TelephonyCondition {
        if (lossPercent < 0 || lossPercent >= 50) {
            throw new IllegalArgumentException("lossPercent must be in [0, 50), got " + lossPercent);
        }
    }

    public float[] apply(float[] audio, int sampleRate) {
        float[] out = audio;
        if (codec != null) {
            byte[] coded = new byte[audio.length];
            codec.encode(audio, 0, audio.length, coded, 0);
            out = codec.decodeToFloats(coded, 0, coded.length);
        }
        if (lossPercent > 0) {
            out = out == audio ? audio.clone() : out;
            int frame = sampleRate / 50;
            Random random = new Random(seed);
            for (int start = 0; start < out.length; start += frame) {
                if (random.nextDouble() * 100 < lossPercent) {
                    java.util.Arrays.fill(out, start, Math.min(out.length, start + frame), 0f);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        String name = codec == null ? "pcm" : codec.name().toLowerCase(java.util.Locale.ROOT);
        return lossPercent > 0 ? name + "+" + lossPercent + "%loss" : name;
    }
}
