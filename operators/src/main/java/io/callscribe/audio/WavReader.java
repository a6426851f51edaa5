package io.callscribe.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decodes RIFF/WAVE files. Our own small parser rather than javax.sound: it needs no service
 * lookup inside a shaded Flink jar, it reads WAVE_FORMAT_EXTENSIBLE, and it can say exactly what
 * is wrong with a broken file.
 */
final class WavReader {

    private static final int PCM = 0x0001;
    private static final int IEEE_FLOAT = 0x0003;
    private static final int A_LAW = 0x0006;
    private static final int MU_LAW = 0x0007;
    private static final int EXTENSIBLE = 0xFFFE;

    /** Writers that stream (and so cannot seek back to fill in the size) leave this in the header. */
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;

    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID that wraps a classic format tag. */
    private static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private WavReader() {
    }

    static boolean recognizes(byte[] bytes) {
        return bytes.length >= 4 && tag(bytes, 0).equals("RIFF");
    }

    static AudioClip decode(Path file, byte[] bytes) throws AudioFormatException {
        if (bytes.length < 12) {
            throw new AudioFormatException(file, "truncated: " + bytes.length
                    + " bytes is too short for a RIFF header (12 bytes)");
        }
        if (!tag(bytes, 8).equals("WAVE")) {
            throw new AudioFormatException(file, "a RIFF file of type '" + tag(bytes, 8) + "', not WAVE audio");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Format format = null;
        int position = 12;
        while (bytes.length - position >= 8) {
            String id = tag(bytes, position);
            long declared = Integer.toUnsignedLong(buffer.getInt(position + 4));
            int body = position + 8;
            long available = bytes.length - body;
            if (id.equals("data")) {
                if (format == null) {
                    throw new AudioFormatException(file, "corrupt: the 'data' chunk comes before any 'fmt ' chunk");
                }
                if (declared > available && declared != UNKNOWN_SIZE) {
                    throw new AudioFormatException(file, "truncated: the 'data' chunk declares " + declared
                            + " bytes of audio but only " + available + " follow");
                }
                return format.decode(file, buffer, body, (int) Math.min(declared, available));
            }
            if (declared > available) {
                throw new AudioFormatException(file, "corrupt or truncated: chunk '" + printable(id)
                        + "' at byte " + position + " declares " + declared + " bytes but only "
                        + available + " follow");
            }
            if (id.equals("fmt ")) {
                format = Format.parse(file, buffer, body, (int) declared);
            }
            // Chunks are word-aligned: an odd-sized body is followed by a pad byte.
            position = body + (int) declared + (int) (declared & 1);
        }
        throw new AudioFormatException(file, format == null
                ? "corrupt or truncated: no 'fmt ' chunk describes the audio"
                : "truncated: no 'data' chunk holds the audio");
    }

    /** What the 'fmt ' chunk says about the samples. */
    private record Format(int encoding, int channels, int sampleRate, int blockAlign, int bitsPerSample) {

        static Format parse(Path file, ByteBuffer buffer, int body, int size) throws AudioFormatException {
            if (size < 16) {
                throw new AudioFormatException(file, "corrupt: the 'fmt ' chunk has " + size
                        + " bytes, fewer than the 16 every WAV format needs");
            }
            int encoding = Short.toUnsignedInt(buffer.getShort(body));
            int channels = Short.toUnsignedInt(buffer.getShort(body + 2));
            long sampleRate = Integer.toUnsignedLong(buffer.getInt(body + 4));
            int blockAlign = Short.toUnsignedInt(buffer.getShort(body + 12));
            int bitsPerSample = Short.toUnsignedInt(buffer.getShort(body + 14));
            if (encoding == EXTENSIBLE) {
                encoding = subformat(file, buffer, body, size);
            }
            if (channels == 0) {
                throw new AudioFormatException(file, "corrupt: the header declares 0 channels");
            }
            if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
                throw new AudioFormatException(file, "corrupt: the header declares a sample rate of " + sampleRate + " Hz");
            }
            Format format = new Format(encoding, channels, (int) sampleRate, blockAlign, bitsPerSample);
            format.checkSupported(file);
            return format;
        }

        /** WAVE_FORMAT_EXTENSIBLE keeps the real format tag in the first two bytes of a GUID. */
        private static int subformat(Path file, ByteBuffer buffer, int body, int size) throws AudioFormatException {
            if (size < 40) {
                throw new AudioFormatException(file, "corrupt: a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk needs 40 bytes, has " + size);
            }
            for (int i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
                if (buffer.get(body + 26 + i) != SUBFORMAT_GUID_TAIL[i]) {
                    throw new AudioFormatException(file, "unsupported encoding: WAVE_FORMAT_EXTENSIBLE with a"
                            + " sub-format GUID that is not a standard format tag");
                }
            }
            return Short.toUnsignedInt(buffer.getShort(body + 24));
        }

        private void checkSupported(Path file) throws AudioFormatException {
            boolean supported = switch (encoding) {
                case PCM -> bitsPerSample == 8 || bitsPerSample == 16 || bitsPerSample == 24 || bitsPerSample == 32;
                case IEEE_FLOAT -> bitsPerSample == 32 || bitsPerSample == 64;
                case A_LAW, MU_LAW -> bitsPerSample == 8;
                default -> false;
            };
            if (!supported) {
                throw new AudioFormatException(file, "unsupported encoding: " + describe()
                        + "; supported are PCM 8/16/24/32-bit, IEEE float 32/64-bit, mu-law and A-law"
                        + " (convert with e.g. 'sox in.wav -e signed-integer -b 16 out.wav')");
            }
            if (blockAlign != channels * (bitsPerSample / 8)) {
                throw new AudioFormatException(file, "corrupt: block align " + blockAlign + " does not match "
                        + channels + " channel(s) of " + bitsPerSample + " bits");
            }
        }

        AudioClip decode(Path file, ByteBuffer buffer, int offset, int length) throws AudioFormatException {
            if (length % blockAlign != 0) {
                throw new AudioFormatException(file, "truncated: " + length + " bytes of audio is not a whole"
                        + " number of " + blockAlign + "-byte frames");
            }
            int frames = length / blockAlign;
            int width = bitsPerSample / 8;
            float[][] samples = new float[channels][frames];
            for (int c = 0; c < channels; c++) {
                float[] target = samples[c];
                int at = offset + c * width;
                for (int i = 0; i < frames; i++, at += blockAlign) {
                    target[i] = sample(buffer, at);
                }
            }
            return new AudioClip(samples, sampleRate);
        }

        private float sample(ByteBuffer buffer, int at) {
            return switch (encoding) {
                case PCM -> switch (bitsPerSample) {
                    // 8-bit WAV is the one unsigned PCM width.
                    case 8 -> ((buffer.get(at) & 0xFF) - 128) / 128f;
                    case 16 -> buffer.getShort(at) / 32768f;
                    case 24 -> ((buffer.get(at + 2) << 16) | ((buffer.get(at + 1) & 0xFF) << 8)
                            | (buffer.get(at) & 0xFF)) / 8388608f;
                    default -> buffer.getInt(at) / 2147483648f;
                };
                case IEEE_FLOAT -> bitsPerSample == 32 ? buffer.getFloat(at) : (float) buffer.getDouble(at);
                case A_LAW -> G711.A_LAW.decode(buffer.get(at)) / 32768f;
                default -> G711.MU_LAW.decode(buffer.get(at)) / 32768f;
            };
        }

        private String describe() {
            String name = switch (encoding) {
                case PCM -> "PCM";
                case 0x0002 -> "Microsoft ADPCM";
                case IEEE_FLOAT -> "IEEE float";
                case A_LAW -> "A-law";
                case MU_LAW -> "mu-law";
                case 0x0011 -> "IMA ADPCM";
                case 0x0031 -> "GSM 6.10";
                case 0x0055 -> "MPEG layer 3";
                default -> "format tag";
            };
            return String.format(Locale.ROOT, "%s (0x%04X), %d bits per sample", name, encoding, bitsPerSample);
        }
    }

    private static String tag(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String id) {
        return id.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F) ? id : "(binary)";
    }
}
