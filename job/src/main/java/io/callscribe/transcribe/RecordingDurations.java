package io.callscribe.transcribe;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How much leg audio a recording holds (duration times channels, at most two legs), for progress
 * and throughput figures: from the header where the JDK can read it (PCM and G.711 WAV), else by
 * decoding the file.
 */
public final class RecordingDurations {

    private RecordingDurations() {}

    /** Seconds of leg audio; 0 for a file that cannot be read (the job dead-letters it). */
    public static double legSeconds(Recording recording) {
        Path file = Path.of(recording.file());
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(file.toFile());
            if (format.getFrameLength() > 0 && format.getFormat().getFrameRate() > 0) {
                return format.getFrameLength() / format.getFormat().getFrameRate() * Math.min(2, format.getFormat().getChannels());
            }
        } catch (Exception e) {
            // not a header the JDK reads (FLAC, MP3, float or extensible WAV): decode it
        }
        try {
            AudioClip clip = AudioFiles.read(file);
            return clip.durationSeconds() * Math.min(2, clip.channelCount());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
