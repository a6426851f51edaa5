package io.callscribe.sql;

import io.callscribe.models.asr.MoonshineRecognizer;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A speech segment's audio from WAV bytes (PCM 8/16 bit, mu-law or A-law: what the JDK reads), as
 * the recognizer's 16 kHz mono floats. Other rates are refused rather than resampled here: the
 * {@code review} topic's audio and the job's segments are 16 kHz already.
 */
final class SegmentWav {

    private SegmentWav() {}

    /** @throws IllegalArgumentException naming what is wrong with the bytes */
    static float[] decode(byte[] wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat source = in.getFormat();
            if (Math.round(source.getSampleRate()) != MoonshineRecognizer.SAMPLE_RATE) {
                throw new IllegalArgumentException("audio is " + Math.round(source.getSampleRate()) + " Hz, the model needs "
                        + MoonshineRecognizer.SAMPLE_RATE + " Hz");
            }
            int channels = source.getChannels();
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, source.getSampleRate(), 16, channels, 2 * channels,
                    source.getSampleRate(), false);
            byte[] bytes;
            try (AudioInputStream converted = AudioSystem.getAudioInputStream(pcm, in)) {
                bytes = converted.readAllBytes();
            }
            int frames = bytes.length / (2 * channels);
            float[] mono = new float[frames];
            for (int i = 0; i < frames; i++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    int at = 2 * (i * channels + c);
                    sum += (short) ((bytes[at] & 0xFF) | (bytes[at + 1] << 8)) / 32768f;
                }
                mono[i] = sum / channels;
            }
            return mono;
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a WAV file the model can read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable WAV: " + e.getMessage(), e);
        }
    }
}
