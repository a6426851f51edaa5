package io.callscribe.audio;

import java.util.Arrays;

/** Collects the samples of each channel as a decoder produces them, frame by frame. */
final class ChannelBuilder {

    private final float[][] channels;
    private int length;

    ChannelBuilder(int channelCount) {
        channels = new float[channelCount][4096];
    }

    int channelCount() {
        return channels.length;
    }

    int length() {
        return length;
    }

    /** Appends {@code count} samples to every channel; {@code samples[c][0, count)} are channel c's. */
    void append(int[][] samples, int count, float scale) {
        ensureRoom(count);
        for (int c = 0; c < channels.length; c++) {
            int[] source = samples[c];
            float[] target = channels[c];
            for (int i = 0; i < count; i++) {
                target[length + i] = source[i] * scale;
            }
        }
        length += count;
    }

    /** Appends {@code count} frames of interleaved samples (one per channel in turn). */
    void appendInterleaved(short[] samples, int count, float scale) {
        ensureRoom(count);
        int stride = channels.length;
        for (int c = 0; c < stride; c++) {
            float[] target = channels[c];
            for (int i = 0; i < count; i++) {
                target[length + i] = samples[i * stride + c] * scale;
            }
        }
        length += count;
    }

    AudioClip build(int sampleRate) {
        float[][] trimmed = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            trimmed[c] = Arrays.copyOf(channels[c], length);
        }
        return new AudioClip(trimmed, sampleRate);
    }

    private void ensureRoom(int count) {
        if (length + count > channels[0].length) {
            int capacity = Math.max(length + count, channels[0].length * 2);
            for (int c = 0; c < channels.length; c++) {
                channels[c] = Arrays.copyOf(channels[c], capacity);
            }
        }
    }
}
