package io.callscribe.leg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketLossConcealerTest {

    private static final int RATE = 8000;
    /** 160 Hz: a period of exactly 50 samples at 8 kHz, inside the 5..15 ms search range. */
    private static final double VOICE_HZ = 160;

    /** 16-bit samples {@code from .. from + length} of a sine of amplitude 0.5. */
    private static short[] tone(int from, int length) {
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (short) Math.round(16384 * Math.sin(2 * Math.PI * VOICE_HZ * (from + i) / RATE));
        }
        return samples;
    }

    private static float[] asFloats(short[] samples) {
        float[] floats = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            floats[i] = samples[i] / 32768f;
        }
        return floats;
    }

    private static double rms(float[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    private final short[] history = tone(0, PacketLossConcealer.historySamples(RATE));

    @Test
    void thePitchPeriodOfAVoicedToneIsFound() {
        assertEquals(0, PacketLossConcealer.pitchPeriod(history, RATE) % 50);
    }

    @Test
    void theFirst10MsContinueTheWaveform() {
        float[] fill = PacketLossConcealer.conceal(history, RATE, 0, 80);
        float[] truth = asFloats(tone(history.length, 80));
        double signal = 0;
        double error = 0;
        for (int i = 0; i < fill.length; i++) {
            signal += truth[i] * truth[i];
            error += (fill[i] - truth[i]) * (fill[i] - truth[i]);
        }
        double snr = 10 * Math.log10(signal / error);
        assertTrue(snr > 40, "SNR " + snr + " dB");
    }

    @Test
    void theFillFadesToSilenceBy60Ms() {
        float[] fill = PacketLossConcealer.conceal(history, RATE, 0, 800);
        double fullLevel = rms(fill, 0, 80);
        assertEquals(0.5 / Math.sqrt(2), fullLevel, 0.01);
        // Halfway through the fade (35 ms) the level is half; from 60 ms on it is silence.
        assertEquals(fullLevel / 2, rms(fill, 250, 310), 0.03);
        assertEquals(0, rms(fill, 480, 800));
        assertArrayEquals(new float[100], PacketLossConcealer.conceal(history, RATE, 480, 100));
    }

    @Test
    void theFillStartsWhereItLeftOff() {
        float[] whole = PacketLossConcealer.conceal(history, RATE, 0, 300);
        float[] secondPart = PacketLossConcealer.conceal(history, RATE, 120, 180);
        for (int i = 0; i < secondPart.length; i++) {
            assertEquals(whole[120 + i], secondPart[i]);
        }
    }

    @Test
    void withoutEnoughHistoryTheFillIsSilence() {
        short[] short10Ms = tone(0, 80);
        assertArrayEquals(new float[160], PacketLossConcealer.conceal(short10Ms, RATE, 0, 160));
    }

    @Test
    void realAudioAfterTheGapFadesInFromTheFill() {
        int concealed = 160;
        float[] silence = new float[80];
        PacketLossConcealer.resume(history, RATE, concealed, silence);
        float[] continuation = PacketLossConcealer.conceal(history, RATE, concealed, 32);
        // Over 4 ms (32 samples) the weight moves from the fill to the real audio.
        assertEquals(continuation[0] * 32f / 33f, silence[0], 1e-6);
        assertEquals(continuation[31] / 33f, silence[31], 1e-6);
        assertArrayEquals(new float[48], Arrays.copyOfRange(silence, 32, 80));
    }
}
