package io.callscribe.models.vad;

/** A segment of speech: samples {@code [start, end)} on the stream's sample clock. */
public record SpeechSpan(long start, long end) {

    public SpeechSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public long length() {
        return end - start;
    }

    public double startSeconds(int sampleRate) {
        return start / (double) sampleRate;
    }

    public double endSeconds(int sampleRate) {
        return end / (double) sampleRate;
    }
}
