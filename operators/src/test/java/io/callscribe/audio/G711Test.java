package io.callscribe.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class G711Test {

    @ParameterizedTest
    @EnumSource(G711.class)
    void decodingAgreesWithTheJdkCodecForAll256Codes(G711 law) throws IOException {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        AudioFormat.Encoding encoding =
                law == G711.MU_LAW ? AudioFormat.Encoding.ULAW : AudioFormat.Encoding.ALAW;
        AudioFormat companded = new AudioFormat(encoding, 8000f, 8, 1, 1, 8000f, false);
        AudioFormat linear = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 8000f, 16, 1, 2, 8000f, false);
        byte[] pcm;
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(codes), companded, 256);
                AudioInputStream converted = AudioSystem.getAudioInputStream(linear, in)) {
            pcm = converted.readAllBytes();
        }
        ByteBuffer jdk = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        for (int code = 0; code < 256; code++) {
            assertEquals(jdk.getShort(), law.decode((byte) code), law + " code " + code);
        }
    }

    @Test
    void knownMuLawValues() {
        assertEquals(0, G711.MU_LAW.decode((byte) 0xFF));
        assertEquals(0, G711.MU_LAW.decode((byte) 0x7F));
        assertEquals(-32124, G711.MU_LAW.decode((byte) 0x00));
        assertEquals(32124, G711.MU_LAW.decode((byte) 0x80));
        assertEquals((byte) 0xFF, G711.MU_LAW.encode(0));
        assertEquals((byte) 0x80, G711.MU_LAW.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711.MU_LAW.encode(Short.MIN_VALUE));
    }

    @Test
    void knownALawValues() {
        assertEquals(8, G711.A_LAW.decode((byte) 0xD5));
        assertEquals(-8, G711.A_LAW.decode((byte) 0x55));
        assertEquals(32256, G711.A_LAW.decode((byte) 0xAA));
        assertEquals(-32256, G711.A_LAW.decode((byte) 0x2A));
        assertEquals((byte) 0xD5, G711.A_LAW.encode(0));
        assertEquals((byte) 0xAA, G711.A_LAW.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, G711.A_LAW.encode(Short.MIN_VALUE));
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void everyCodeSurvivesDecodeThenEncode(G711 law) {
        for (int code = 0; code < 256; code++) {
            byte reencoded = law.encode(law.decode((byte) code));
            // mu-law has two codes for zero (0x7F is "negative zero"); the encoder picks 0xFF.
            int expected = law == G711.MU_LAW && code == 0x7F ? 0xFF : code;
            assertEquals(expected, reencoded & 0xFF, law + " code " + code);
        }
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void encodingErrorStaysWithinHalfAQuantizationStep(G711 law) {
        short[] levels = sortedLevels(law);
        for (int sample = Short.MIN_VALUE; sample <= Short.MAX_VALUE; sample++) {
            int decoded = law.decode(law.encode(sample));
            int gap = gapAround(levels, decoded);
            assertTrue(Math.abs(decoded - sample) <= gap / 2 + 1,
                    law + " sample " + sample + " decoded as " + decoded + ", step " + gap);
        }
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void encodingIsMonotonic(G711 law) {
        int previous = Integer.MIN_VALUE;
        for (int sample = Short.MIN_VALUE; sample <= Short.MAX_VALUE; sample++) {
            int decoded = law.decode(law.encode(sample));
            assertTrue(decoded >= previous, law + " not monotonic at " + sample);
            previous = decoded;
        }
    }

    @Test
    void samplesOutside16BitsAreClipped() {
        assertEquals(G711.MU_LAW.encode(Short.MAX_VALUE), G711.MU_LAW.encode(1_000_000));
        assertEquals(G711.A_LAW.encode(Short.MIN_VALUE), G711.A_LAW.encode(-1_000_000));
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void bulkDecodingMatchesSingleCodesAndWritesOnlyItsRange(G711 law) {
        byte[] payload = {1, 2, (byte) 0x80, (byte) 0xFF, 0x55, 0x7F};
        short[] shorts = new short[8];
        float[] floats = new float[8];
        law.decode(payload, 1, 4, shorts, 2);
        law.decode(payload, 1, 4, floats, 2);
        for (int i = 0; i < 4; i++) {
            assertEquals(law.decode(payload[1 + i]), shorts[2 + i]);
            assertEquals(law.decode(payload[1 + i]) / 32768f, floats[2 + i]);
        }
        assertEquals(0, shorts[0]);
        assertEquals(0, shorts[7]);
        assertArrayEquals(new float[] {floats[2], floats[3], floats[4], floats[5]},
                law.decodeToFloats(payload, 1, 4));
    }

    @Test
    void bulkDecodingRejectsRangesOutsideTheArrays() {
        byte[] payload = new byte[4];
        assertThrows(IndexOutOfBoundsException.class,
                () -> G711.MU_LAW.decode(payload, 2, 3, new short[8], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> G711.A_LAW.decode(payload, 0, 4, new float[3], 0));
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void floatEncodingRoundTripsThroughDecoding(G711 law) {
        float[] samples = {0f, 0.25f, -0.5f, 0.999f, -1f, 1.5f};
        byte[] codes = new byte[samples.length];
        law.encode(samples, 0, samples.length, codes, 0);
        float[] decoded = law.decodeToFloats(codes, 0, codes.length);
        for (int i = 0; i < samples.length - 1; i++) {
            // G.711 keeps about 1/32 relative precision in its upper segments.
            assertEquals(samples[i], decoded[i], Math.abs(samples[i]) / 16 + 1e-3, "sample " + i);
        }
        assertEquals(law.decode(law.encode(Short.MAX_VALUE)) / 32768f, decoded[samples.length - 1]);
    }

    private static short[] sortedLevels(G711 law) {
        short[] levels = new short[256];
        for (int code = 0; code < 256; code++) {
            levels[code] = law.decode((byte) code);
        }
        Arrays.sort(levels);
        return levels;
    }

    /** The larger distance from {@code level} to its neighbouring quantization levels. */
    private static int gapAround(short[] levels, int level) {
        int index = Arrays.binarySearch(levels, (short) level);
        int below = index > 0 ? level - levels[index - 1] : 0;
        int above = index < levels.length - 1 ? levels[index + 1] - level : 0;
        // The outermost level also absorbs everything beyond it up to full scale.
        return Math.max(Math.max(below, above), index == 0 || index == levels.length - 1 ? 2048 : 0);
    }
}
