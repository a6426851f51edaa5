package io.callscribe.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An audio file that cannot be decoded: empty, truncated, corrupt, not audio, or in an encoding
 * this reader does not support. The message names the file and what is wrong with it.
 */
public final class AudioFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public AudioFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public AudioFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
