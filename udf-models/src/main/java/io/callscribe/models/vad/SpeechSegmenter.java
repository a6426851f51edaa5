package io.callscribe.models.vad;

/**
 * Endpointing over VAD probabilities, one chunk at a time, for any number of streams: the rules
 * live here, each stream's progress in its {@link SegmenterState}. Spans are sample-exact on the
 * stream's clock and never overlap.
 */
public final class SpeechSegmenter {

    private final SegmenterConfig config;
    private final int chunkSamples;
    private final long minSpeech;
    private final long minSilence;
    private final long pad;
    private final long maxSegment;

    public SpeechSegmenter(SegmenterConfig config, int sampleRate, int chunkSamples) {
        this.config = config;
        this.chunkSamples = chunkSamples;
        this.minSpeech = ms(config.minSpeechMs(), sampleRate);
        this.minSilence = ms(config.minSilenceMs(), sampleRate);
        this.pad = ms(config.speechPadMs(), sampleRate);
        this.maxSegment = ms(config.maxSegmentMs(), sampleRate);
    }

    private static long ms(int millis, int sampleRate) {
        return (long) millis * sampleRate / 1000;
    }

    public SegmenterConfig config() {
        return config;
    }

    /**
     * Takes the probability of the stream's next chunk; returns the segment this chunk closes, or
     * null.
     */
    public SpeechSpan accept(SegmenterState s, float probability) {
        long chunkStart = s.position;
        s.position += chunkSamples;
        if (!s.inSpeech) {
            if (probability >= config.threshold()) {
                s.inSpeech = true;
                s.segmentStart = Math.max(chunkStart - pad, s.lastEnd);
                s.speechOnset = chunkStart;
                s.silenceStart = -1;
                resetQuietest(s);
            }
            return null;
        }
        if (probability >= config.threshold()) {
            s.silenceStart = -1;
        } else if (probability < config.threshold() - config.releaseGap() && s.silenceStart < 0) {
            s.silenceStart = chunkStart;
        }
        if (s.silenceStart >= 0 && s.position - s.silenceStart >= minSilence) {
            return close(s, Math.min(s.silenceStart + pad, s.position));
        }
        if (chunkStart >= s.segmentStart + maxSegment / 2 && probability < s.quietestProbability) {
            s.quietestProbability = probability;
            s.quietestAt = chunkStart + chunkSamples / 2;
        }
        if (s.position - s.segmentStart >= maxSegment) {
            long cut = s.quietestAt > s.segmentStart ? s.quietestAt : s.position;
            SpeechSpan span = new SpeechSpan(s.segmentStart, cut);
            s.lastEnd = cut;
            s.segmentStart = cut;
            s.speechOnset = cut;
            s.silenceStart = -1;
            resetQuietest(s);
            return span;
        }
        return null;
    }

    /**
     * The span that the open segment's current pause would close if it lasted to an endpoint,
     * returned once per pause: on the chunk that first holds the pause's padded end. Recognizing it
     * then gives the recognizer a head start of the rest of the minimum silence; an endpoint that
     * follows closes exactly this span.
     */
    public SpeechSpan pauseSpan(SegmenterState s) {
        if (!s.inSpeech || s.silenceStart < 0 || s.silenceStart - s.speechOnset < minSpeech) {
            return null;
        }
        long paddedEndChunks = Math.max(1, (pad + chunkSamples - 1) / chunkSamples);
        if (s.position != s.silenceStart + paddedEndChunks * chunkSamples) {
            return null;
        }
        long end = Math.min(s.silenceStart + pad, s.position);
        return end > s.segmentStart ? new SpeechSpan(s.segmentStart, end) : null;
    }

    /** The stream ended: closes an open segment at the audio's end (or its trailing silence). */
    public SpeechSpan finish(SegmenterState s) {
        if (!s.inSpeech) {
            return null;
        }
        long end = s.silenceStart >= 0 ? Math.min(s.silenceStart + pad, s.position) : s.position;
        return close(s, end);
    }

    private SpeechSpan close(SegmenterState s, long end) {
        long speechEnd = s.silenceStart >= 0 ? s.silenceStart : s.position;
        long speech = speechEnd - s.speechOnset;
        long start = s.segmentStart;
        s.inSpeech = false;
        s.silenceStart = -1;
        resetQuietest(s);
        // Speech length without the padding decides whether this was a real utterance.
        if (end <= start || speech < minSpeech) {
            return null;
        }
        s.lastEnd = end;
        return new SpeechSpan(start, end);
    }

    private static void resetQuietest(SegmenterState s) {
        s.quietestAt = -1;
        s.quietestProbability = Float.MAX_VALUE;
    }
}
