package io.callscribe.audio;

import static io.callscribe.audio.TestSignals.sine;
import static io.callscribe.audio.TestSignals.toneAmplitude;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixtures under {@code src/test/resources/audio} were written by sox (and flac, lame), an
 * independent implementation: 100 ms of a 1 kHz sine at half scale, 8 kHz, unless named otherwise.
 */
class AudioFilesTest {

    private static final float[] SINE = sine(1000, 8000, 800, 0.5);

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pcm_u8.wav, 0.005",
        "pcm_s16.wav, 0.0001",
        "pcm_s24.wav, 0.0001",
        "pcm_s32.wav, 0.0001",
        "extensible_s24.wav, 0.0001",
        "float32.wav, 0.0001",
        "float64.wav, 0.0001",
        "mulaw.wav, 0.02",
        "alaw.wav, 0.02",
        "pcm_s16.flac, 0.0001",
        "pcm_s24.flac, 0.0001"})
    void eachEncodingDecodesToTheSine(String name, float tolerance) throws Exception {
        AudioClip clip = AudioFiles.read(fixture(name));
        assertEquals(8000, clip.sampleRate());
        assertEquals(1, clip.channelCount());
        assertArrayEquals(SINE, clip.channel(0), tolerance);
    }

    @Test
    void stereoWavKeepsItsChannelsInOrder() throws Exception {
        AudioClip clip = AudioFiles.read(fixture("stereo_s16.wav"));
        assertEquals(2, clip.channelCount());
        assertArrayEquals(SINE, clip.channel(0), 0.0001f);
        assertArrayEquals(sine(500, 8000, 800, 0.5), clip.channel(1), 0.0001f);
    }

    @Test
    void stereoMp3DecodesBothLegs() throws Exception {
        // 0.5 s at 16 kHz: 440 Hz on the left, 1 kHz on the right, 64 kbit/s joint stereo.
        AudioClip clip = AudioFiles.read(fixture("stereo_16k.mp3"));
        assertEquals(16000, clip.sampleRate());
        assertEquals(2, clip.channelCount());
        // The decoder's output carries the codec delay and padding: a little longer than the source.
        assertTrue(clip.durationSeconds() >= 0.5 && clip.durationSeconds() < 0.65, clip.toString());
        int from = 4000;
        int to = 8000;
        assertEquals(0.5, toneAmplitude(clip.channel(0), from, to, 440, 16000), 0.05);
        assertEquals(0.5, toneAmplitude(clip.channel(1), from, to, 1000, 16000), 0.05);
        assertTrue(toneAmplitude(clip.channel(0), from, to, 1000, 16000) < 0.01);
        assertTrue(toneAmplitude(clip.channel(1), from, to, 440, 16000) < 0.01);
    }

    @Test
    void pcm16WavRoundTripsExactly() throws Exception {
        float[] left = new float[321];
        float[] right = new float[321];
        Random random = new Random(4);
        for (int i = 0; i < left.length; i++) {
            left[i] = (random.nextInt(65536) - 32768) / 32768f;
            right[i] = (random.nextInt(65536) - 32768) / 32768f;
        }
        AudioClip clip = new AudioClip(new float[][] {left, right}, 16000);
        Path file = temp.resolve("round-trip.wav");
        AudioFiles.writeWav(file, clip);
        assertEquals(clip, AudioFiles.read(file));
    }

    @Test
    void writingClipsSamplesOutsideFullScale() throws Exception {
        Path file = temp.resolve("loud.wav");
        AudioFiles.writeWav(file, AudioClip.ofMono(new float[] {2f, -2f, 1f}, 8000));
        assertArrayEquals(new float[] {32767 / 32768f, -1f, 32767 / 32768f}, AudioFiles.read(file).channel(0));
    }

    @ParameterizedTest
    @EnumSource(WavEncoding.class)
    void writtenWavFilesAreReadableByTheJdk(WavEncoding encoding)
            throws IOException, UnsupportedAudioFileException {
        Path file = temp.resolve(encoding + ".wav");
        AudioFiles.writeWav(file, AudioClip.ofMono(SINE, 8000), encoding);
        AudioFileFormat format = AudioSystem.getAudioFileFormat(file.toFile());
        AudioFormat.Encoding expected = switch (encoding) {
            case PCM_16 -> AudioFormat.Encoding.PCM_SIGNED;
            case MU_LAW -> AudioFormat.Encoding.ULAW;
            case A_LAW -> AudioFormat.Encoding.ALAW;
        };
        assertEquals(expected, format.getFormat().getEncoding());
        assertEquals(SINE.length, format.getFrameLength());
        assertEquals(8000f, format.getFormat().getSampleRate());
    }

    @Test
    void g711WavFilesRoundTripThroughTheirCodes() throws Exception {
        for (WavEncoding encoding : new WavEncoding[] {WavEncoding.MU_LAW, WavEncoding.A_LAW}) {
            G711 law = encoding == WavEncoding.MU_LAW ? G711.MU_LAW : G711.A_LAW;
            byte[] codes = new byte[SINE.length];
            law.encode(SINE, 0, SINE.length, codes, 0);
            Path file = temp.resolve(encoding + ".wav");
            AudioFiles.writeWav(file, AudioClip.ofMono(SINE, 8000), encoding);
            assertArrayEquals(law.decodeToFloats(codes, 0, codes.length), AudioFiles.read(file).channel(0));
        }
    }

    @Test
    void aMissingFileIsAnIoErrorNotAFormatError() {
        assertThrows(NoSuchFileException.class, () -> AudioFiles.read(temp.resolve("absent.wav")));
    }

    @Test
    void anEmptyFileIsRejected() throws Exception {
        assertRejected(write("empty.wav", new byte[0]), "empty");
    }

    @Test
    void nonAudioBytesAreRejected() throws Exception {
        byte[] html = "<!DOCTYPE html><html><body>404 Not Found</body></html>".getBytes(StandardCharsets.US_ASCII);
        assertRejected(write("page.wav", html), "not a WAV, FLAC or MP3 file");
    }

    @Test
    void aRiffFileThatIsNotWaveIsRejected() throws Exception {
        byte[] avi = fixtureBytes("pcm_s16.wav");
        System.arraycopy("AVI ".getBytes(StandardCharsets.US_ASCII), 0, avi, 8, 4);
        assertRejected(write("video.avi", avi), "not WAVE audio");
    }

    @Test
    void aWavCutInsideItsAudioIsRejected() throws Exception {
        byte[] wav = fixtureBytes("pcm_s16.wav");
        assertRejected(write("cut.wav", Arrays.copyOf(wav, wav.length / 2)), "truncated");
    }

    @Test
    void aWavCutInsideItsHeaderIsRejected() throws Exception {
        byte[] wav = fixtureBytes("pcm_s16.wav");
        assertRejected(write("cut-header.wav", Arrays.copyOf(wav, 30)), "'fmt '");
        assertRejected(write("riff-only.wav", Arrays.copyOf(wav, 8)), "truncated");
    }

    @Test
    void aWavWithANonsenseChunkSizeIsRejected() throws Exception {
        byte[] wav = fixtureBytes("pcm_s16.wav");
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 0x7FFF0000);
        assertRejected(write("corrupt.wav", wav), "corrupt");
    }

    @Test
    void aWavWithZeroChannelsIsRejected() throws Exception {
        byte[] wav = fixtureBytes("pcm_s16.wav");
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
        assertRejected(write("no-channels.wav", wav), "0 channels");
    }

    @Test
    void aWavWithZeroSampleRateIsRejected() throws Exception {
        byte[] wav = fixtureBytes("pcm_s16.wav");
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 0);
        assertRejected(write("no-rate.wav", wav), "sample rate of 0");
    }

    @Test
    void anUnsupportedWavEncodingIsNamed() throws Exception {
        AudioFormatException error = assertRejected(fixture("msadpcm.wav"), "unsupported encoding");
        assertTrue(error.getMessage().contains("Microsoft ADPCM"), error.getMessage());
    }

    @Test
    void aTruncatedFlacIsRejected() throws Exception {
        byte[] flac = fixtureBytes("pcm_s16.flac");
        assertRejected(write("cut.flac", Arrays.copyOf(flac, flac.length * 2 / 3)), "FLAC");
        assertRejected(write("header-only.flac", Arrays.copyOf(flac, 20)), "FLAC");
    }

    @Test
    void aFlacWithCorruptFramesIsRejected() throws Exception {
        byte[] flac = fixtureBytes("pcm_s16.flac");
        for (int i = flac.length / 2; i < flac.length / 2 + 16; i++) {
            flac[i] ^= 0x5A;
        }
        assertRejected(write("corrupt.flac", flac), "FLAC");
    }

    @Test
    void aTruncatedMp3IsRejected() throws Exception {
        byte[] mp3 = fixtureBytes("stereo_16k.mp3");
        assertRejected(write("cut.mp3", Arrays.copyOf(mp3, mp3.length / 2 + 50)), "truncated MP3");
    }

    @Test
    void anMp3SyncWordFollowedByGarbageIsRejected() throws Exception {
        byte[] fake = new byte[64];
        new Random(3).nextBytes(fake);
        fake[0] = (byte) 0xFF;
        fake[1] = (byte) 0xFB;
        fake[2] = (byte) 0x90;
        assertRejected(write("fake.mp3", fake), "MP3");
    }

    /**
     * Whatever a damaged file holds, reading it ends in a clip or an {@link AudioFormatException},
     * never in a decoder's NullPointerException or ArrayIndexOutOfBoundsException.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pcm_s16.wav", "extensible_s24.wav", "mulaw.wav", "pcm_s24.flac", "stereo_16k.mp3"})
    void damagedFilesFailOnlyWithAudioFormatException(String name) throws Exception {
        byte[] original = fixtureBytes(name);
        Random random = new Random(name.hashCode());
        for (int trial = 0; trial < 60; trial++) {
            byte[] damaged = trial < 30
                    ? Arrays.copyOf(original, random.nextInt(original.length))
                    : corrupt(original, random);
            Path file = write("damaged-" + trial + "-" + name, damaged);
            try {
                AudioFiles.read(file);
            } catch (AudioFormatException expected) {
                assertTrue(expected.getMessage().contains(file.toString()), expected.getMessage());
            }
        }
    }

    private static byte[] corrupt(byte[] original, Random random) {
        byte[] damaged = original.clone();
        int at = random.nextInt(damaged.length);
        int length = 1 + random.nextInt(32);
        for (int i = at; i < Math.min(damaged.length, at + length); i++) {
            damaged[i] = (byte) random.nextInt(256);
        }
        return damaged;
    }

    private static AudioFormatException assertRejected(Path file, String problem) {
        AudioFormatException error = assertThrows(AudioFormatException.class, () -> AudioFiles.read(file));
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
        return error;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(temp.resolve(name), bytes);
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(AudioFilesTest.class.getResource("/audio/" + name).toURI());
    }

    private static byte[] fixtureBytes(String name) throws IOException, URISyntaxException {
        return Files.readAllBytes(fixture(name));
    }
}
