package io.callscribe.audio;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * Decodes MPEG audio (MP3) with JLayer.
 *
 * <p>The output is what the decoder produces, not trimmed for gapless playback: it starts with the
 * codec's delay (encoder plus decoder, about 1000 samples for LAME) and ends with the last frame's
 * padding, so it is a few tens of milliseconds longer than the source and shifted by as much.
 */
final class Mp3Reader {

    private Mp3Reader() {
    }

    /** An MPEG audio frame header at {@code offset}: 11 sync bits, then no reserved version, layer or rate. */
    static boolean recognizes(byte[] bytes, int offset) {
        if (bytes.length - offset < 4) {
            return false;
        }
        int b1 = bytes[offset + 1] & 0xFF;
        int b2 = bytes[offset + 2] & 0xFF;
        return (bytes[offset] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0
                && (b1 & 0x18) != 0x08 && (b1 & 0x06) != 0
                && (b2 & 0xF0) != 0xF0 && (b2 & 0x0C) != 0x0C;
    }

    static AudioClip decode(Path file, byte[] bytes, int offset) throws AudioFormatException {
        Bitstream bitstream = new Bitstream(new ByteArrayInputStream(bytes, offset, bytes.length - offset));
        Decoder decoder = new Decoder();
        ChannelBuilder channels = null;
        int sampleRate = 0;
        int frames = 0;
        long frameBytes = 0;
        try {
            Header header;
            while ((header = bitstream.readFrame()) != null) {
                SampleBuffer output = (SampleBuffer) decoder.decodeFrame(header, bitstream);
                if (channels == null) {
                    channels = new ChannelBuilder(output.getChannelCount());
                    sampleRate = output.getSampleFrequency();
                } else if (output.getChannelCount() != channels.channelCount()
                        || output.getSampleFrequency() != sampleRate) {
                    throw new AudioFormatException(file, "unsupported MP3: frame " + frames + " switches from "
                            + channels.channelCount() + " channel(s) at " + sampleRate + " Hz to "
                            + output.getChannelCount() + " at " + output.getSampleFrequency() + " Hz");
                }
                channels.appendInterleaved(output.getBuffer(), output.getBufferLength() / output.getChannelCount(),
                        1f / 32768f);
                bitstream.closeFrame();
                frames++;
                frameBytes += header.framesize + 4;
            }
        } catch (JavaLayerException e) {
            throw new AudioFormatException(file, "corrupt MP3 after " + frames + " frame(s): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // JLayer indexes its tables with values read from the stream; garbage there surfaces as runtime errors.
            throw new AudioFormatException(file, "corrupt MP3 data in frame " + frames
                    + ": the decoder failed with " + e, e);
        }
        // JLayer silently drops a cut-off last frame, but its header is still there after the whole ones.
        int end = (int) Math.min(bytes.length, offset + frameBytes);
        if (recognizes(bytes, end)) {
            throw new AudioFormatException(file, "truncated MP3: after " + frames + " whole frame(s), a frame"
                    + " starts at byte " + end + " but the file ends " + (bytes.length - end) + " bytes later");
        }
        if (channels == null) {
            throw new AudioFormatException(file, "no MPEG audio frames found: not an MP3 file, or an empty one");
        }
        return channels.build(sampleRate);
    }
}
