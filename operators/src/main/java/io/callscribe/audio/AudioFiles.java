package io.callscribe.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads WAV, FLAC and MP3 files into {@link AudioClip}s and writes clips as WAV. */
public final class AudioFiles {

    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private AudioFiles() {
    }

    /**
     * Reads a WAV (PCM 8/16/24/32-bit, float 32/64-bit, mu-law, A-law, plain or
     * WAVE_FORMAT_EXTENSIBLE), FLAC or MP3 file. The format is told by the file's first bytes, not
     * its name.
     *
     * @throws AudioFormatException if the file is empty, truncated, corrupt, not audio, or in an
     *     unsupported encoding
     * @throws IOException if the file cannot be read at all
     */
    public static AudioClip read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new AudioFormatException(file, "too large: " + size + " bytes, at most " + MAX_FILE_BYTES
                    + " can be read at once");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            throw new AudioFormatException(file, "the file is empty");
        }
        if (WavReader.recognizes(bytes)) {
            return WavReader.decode(file, bytes);
        }
        int start = afterId3Tag(bytes);
        if (FlacReader.recognizes(bytes, start)) {
            return FlacReader.decode(file, bytes, start);
        }
        if (Mp3Reader.recognizes(bytes, start)) {
            return Mp3Reader.decode(file, bytes, start);
        }
        String head = HexFormat.ofDelimiter(" ").formatHex(bytes, start, Math.min(bytes.length, start + 8));
        throw new AudioFormatException(file, "not a WAV, FLAC or MP3 file: it starts with bytes " + head
                + (start > 0 ? " after an ID3 tag" : ""));
    }

    /** Writes a 16-bit PCM WAV file, clipping samples outside [-1, 1). */
    public static void writeWav(Path file, AudioClip clip) throws IOException {
        WavWriter.write(file, clip, WavEncoding.PCM_16);
    }

    /** Writes a WAV file in the given encoding, clipping samples outside [-1, 1). */
    public static void writeWav(Path file, AudioClip clip, WavEncoding encoding) throws IOException {
        WavWriter.write(file, clip, encoding);
    }

    /** The bytes of a WAV file in the given encoding, for sending audio over the wire. */
    public static byte[] wavBytes(AudioClip clip, WavEncoding encoding) {
        return WavWriter.bytes(clip, encoding);
    }

    /** Where the audio starts after an ID3v2 tag (MP3 and sometimes FLAC files carry one in front). */
    private static int afterId3Tag(byte[] bytes) {
        if (bytes.length < 10 || bytes[0] != 'I' || bytes[1] != 'D' || bytes[2] != '3') {
            return 0;
        }
        // The size is "synchsafe": 7 bits per byte; a footer flag adds 10 more bytes.
        int size = ((bytes[6] & 0x7F) << 21) | ((bytes[7] & 0x7F) << 14) | ((bytes[8] & 0x7F) << 7) | (bytes[9] & 0x7F);
        int footer = (bytes[5] & 0x10) != 0 ? 10 : 0;
        return (int) Math.min(bytes.length, 10L + size + footer);
    }
}
