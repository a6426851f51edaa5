package io.callscribe.audio;

import static io.callscribe.audio.TestSignals.sine;
import static io.callscribe.audio.TestSignals.toneAmplitude;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AudioClipTest {

    @Test
    void durationFollowsFramesAndRate() {
        AudioClip clip = new AudioClip(new float[][] {new float[12000], new float[12000]}, 8000);
        assertEquals(2, clip.channelCount());
        assertEquals(12000, clip.frameCount());
        assertEquals(1.5, clip.durationSeconds(), 1e-12);
    }

    @Test
    void monoAveragesTheChannels() {
        AudioClip clip = new AudioClip(new float[][] {{1f, 0.5f, 0f}, {0f, -0.5f, 1f}}, 8000);
        assertArrayEquals(new float[] {0.5f, 0f, 0.5f}, clip.mono());
    }

    @Test
    void monoOfAMonoClipIsItsChannel() {
        float[] samples = {0.1f, 0.2f};
        assertSame(samples, AudioClip.ofMono(samples, 8000).mono());
    }

    @Test
    void channelsMustBePresentAndEquallyLong() {
        assertThrows(IllegalArgumentException.class, () -> new AudioClip(new float[0][], 8000));
        assertThrows(IllegalArgumentException.class, () -> new AudioClip(new float[][] {new float[3], new float[2]}, 8000));
        assertThrows(IllegalArgumentException.class, () -> AudioClip.ofMono(new float[3], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> AudioClip.ofMono(new float[3], 8000).channel(1));
    }

    @Test
    void resamplingConvertsEveryChannel() {
        AudioClip clip = new AudioClip(new float[][] {sine(1000, 8000, 8000, 0.5), sine(300, 8000, 8000, 0.25)}, 8000);
        AudioClip wide = clip.resampledTo(16000, ResamplerKind.SINC);
        assertEquals(16000, wide.sampleRate());
        assertEquals(16000, wide.frameCount());
        assertEquals(0.5, toneAmplitude(wide.channel(0), 0, 16000, 1000, 16000), 1e-3);
        assertEquals(0.25, toneAmplitude(wide.channel(1), 0, 16000, 300, 16000), 1e-3);
    }

    @Test
    void resamplingToTheSameRateIsANoOp() {
        AudioClip clip = AudioClip.ofMono(new float[] {0.1f}, 16000);
        assertSame(clip, clip.resampledTo(16000, ResamplerKind.SINC));
    }

    @Test
    void clipsWithEqualSamplesAreEqual() {
        assertEquals(AudioClip.ofMono(new float[] {0.1f, 0.2f}, 8000), AudioClip.ofMono(new float[] {0.1f, 0.2f}, 8000));
        assertEquals("AudioClip[1 channel(s), 8000 Hz, 0.000 s]", AudioClip.ofMono(new float[2], 8000).toString());
    }
}
