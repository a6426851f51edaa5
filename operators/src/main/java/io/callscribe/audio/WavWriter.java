package io.callscribe.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an {@link AudioClip} as a canonical WAV file. */
final class WavWriter {

    private WavWriter() {
    }

    static void write(Path file, AudioClip clip, WavEncoding encoding) throws IOException {
        Files.write(file, bytes(clip, encoding));
    }

    static byte[] bytes(AudioClip clip, WavEncoding encoding) {
        int channels = clip.channelCount();
        int frames = clip.frameCount();
        int blockAlign = channels * encoding.bitsPerSample / 8;
        boolean pcm = encoding == WavEncoding.PCM_16;
        // Non-PCM formats carry cbSize in 'fmt ' and a 'fact' chunk with the frame count.
        int fmtSize = pcm ? 16 : 18;
        int factSize = pcm ? 0 : 12;
        long dataSize = (long) frames * blockAlign;
        long riffSize = 4 + (8 + fmtSize) + factSize + 8 + dataSize + (dataSize & 1);
        if (riffSize > 0xFFFFFFFFL || 8 + riffSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(clip + " is too long for one WAV file");
        }
        ByteBuffer out = ByteBuffer.allocate((int) (8 + riffSize)).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) riffSize);
        out.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtSize);
        out.putShort((short) encoding.formatTag).putShort((short) channels);
        out.putInt(clip.sampleRate()).putInt(clip.sampleRate() * blockAlign);
        out.putShort((short) blockAlign).putShort((short) encoding.bitsPerSample);
        if (!pcm) {
            out.putShort((short) 0);
            out.put("fact".getBytes(StandardCharsets.US_ASCII)).putInt(4).putInt(frames);
        }
        out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataSize);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                float sample = clip.channels()[c][i];
                switch (encoding) {
                    case PCM_16 -> out.putShort((short) Math.max(Short.MIN_VALUE,
                            Math.min(Short.MAX_VALUE, Math.round(sample * 32768f))));
                    case MU_LAW -> out.put(G711.MU_LAW.encode(Math.round(sample * 32768f)));
                    case A_LAW -> out.put(G711.A_LAW.encode(Math.round(sample * 32768f)));
                }
            }
        }
        return out.array();
    }
}
