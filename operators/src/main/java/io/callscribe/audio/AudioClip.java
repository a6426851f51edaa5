package io.callscribe.audio;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Decoded audio: one float array per channel, samples in [-1, 1]. In a stereo call recording
 * the two channels are the two legs of the call.
 *
 * <p>The arrays are shared, not copied, so that large recordings are not duplicated; treat them
 * as read-only.
 */
public record AudioClip(float[][] channels, int sampleRate) {

    public AudioClip {
        Objects.requireNonNull(channels, "channels");
        if (channels.length == 0) {
            throw new IllegalArgumentException("an audio clip needs at least one channel");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        for (int c = 0; c < channels.length; c++) {
            Objects.requireNonNull(channels[c], "channel " + c);
            if (channels[c].length != channels[0].length) {
                throw new IllegalArgumentException("channel " + c + " has " + channels[c].length
                        + " samples but channel 0 has " + channels[0].length);
            }
        }
    }

    public static AudioClip ofMono(float[] samples, int sampleRate) {
        return new AudioClip(new float[][] {samples}, sampleRate);
    }

    public int channelCount() {
        return channels.length;
    }

    /** Samples per channel. */
    public int frameCount() {
        return channels[0].length;
    }

    public double durationSeconds() {
        return (double) frameCount() / sampleRate;
    }

    /** The samples of one channel (the clip's own array, not a copy). */
    public float[] channel(int index) {
        Objects.checkIndex(index, channels.length);
        return channels[index];
    }

    /** The average of all channels; a mono clip's only channel as it is. */
    public float[] mono() {
        if (channels.length == 1) {
            return channels[0];
        }
        float[] mix = new float[frameCount()];
        for (float[] channel : channels) {
            for (int i = 0; i < mix.length; i++) {
                mix[i] += channel[i];
            }
        }
        float scale = 1f / channels.length;
        for (int i = 0; i < mix.length; i++) {
            mix[i] *= scale;
        }
        return mix;
    }

    /** This clip at another sample rate, every channel resampled on its own; itself if the rate matches. */
    public AudioClip resampledTo(int targetRate, ResamplerKind kind) {
        if (targetRate == sampleRate) {
            return this;
        }
        Resampler resampler = Resampler.create(kind, sampleRate, targetRate);
        float[][] resampled = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            resampled[c] = resampler.resample(channels[c]);
        }
        return new AudioClip(resampled, targetRate);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AudioClip clip
                && sampleRate == clip.sampleRate
                && Arrays.deepEquals(channels, clip.channels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(channels) + sampleRate;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AudioClip[%d channel(s), %d Hz, %.3f s]",
                channelCount(), sampleRate, durationSeconds());
    }
}
