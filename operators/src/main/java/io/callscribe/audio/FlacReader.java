package io.callscribe.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/** Decodes FLAC with jFLAC (bit-exact against the reference decoder on our evaluation files). */
final class FlacReader {

    private FlacReader() {
    }

    static boolean recognizes(byte[] bytes, int offset) {
        return bytes.length - offset >= 4 && bytes[offset] == 'f' && bytes[offset + 1] == 'L'
                && bytes[offset + 2] == 'a' && bytes[offset + 3] == 'C';
    }

    static AudioClip decode(Path file, byte[] bytes, int offset) throws AudioFormatException {
        FLACDecoder decoder = new FLACDecoder(new ByteArrayInputStream(bytes, offset, bytes.length - offset));
        StreamInfo info = readStreamInfo(file, decoder);
        ChannelBuilder channels = new ChannelBuilder(info.getChannels());
        try {
            float scale = 1f / (1L << (info.getBitsPerSample() - 1));
            int[][] block = new int[info.getChannels()][];
            Frame frame;
            while ((frame = decoder.readNextFrame()) != null) {
                ChannelData[] decoded = decoder.getChannelData();
                for (int c = 0; c < block.length; c++) {
                    block[c] = decoded[c].getOutput();
                }
                channels.append(block, frame.header.blockSize, scale);
            }
        } catch (IOException | RuntimeException e) {
            throw decoderFailure(file, e);
        }
        if (decoder.getBadFrames() > 0) {
            throw new AudioFormatException(file, "corrupt FLAC: " + decoder.getBadFrames()
                    + " frame(s) failed to decode");
        }
        long declared = info.getTotalSamples();
        // 0 means "unknown" (a stream written without seeking back), so only a known total is checked.
        if (declared > 0 && declared != channels.length()) {
            throw new AudioFormatException(file, "truncated FLAC: STREAMINFO declares " + declared
                    + " samples per channel but " + channels.length() + " decoded");
        }
        return channels.build(info.getSampleRate());
    }

    private static StreamInfo readStreamInfo(Path file, FLACDecoder decoder) throws AudioFormatException {
        StreamInfo info;
        try {
            info = decoder.readStreamInfo();
        } catch (IOException | RuntimeException e) {
            throw decoderFailure(file, e);
        }
        if (info == null) {
            throw new AudioFormatException(file, "corrupt FLAC: no STREAMINFO block");
        }
        if (info.getChannels() < 1 || info.getSampleRate() <= 0 || info.getBitsPerSample() < 4) {
            throw new AudioFormatException(file, "corrupt FLAC: STREAMINFO declares " + info.getChannels()
                    + " channel(s) of " + info.getBitsPerSample() + " bits at " + info.getSampleRate() + " Hz");
        }
        return info;
    }

    /**
     * jFLAC reports a cut-off stream as an IOException, and indexes its tables with values read
     * from the stream, so garbage there surfaces as runtime errors.
     */
    private static AudioFormatException decoderFailure(Path file, Exception e) {
        return new AudioFormatException(file, "corrupt or truncated FLAC: the decoder failed with " + e, e);
    }
}
