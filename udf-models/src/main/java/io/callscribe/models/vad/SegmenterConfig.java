package io.callscribe.models.vad;

/**
 * Endpoint rules that turn speech probabilities into segments.
 *
 * @param threshold probability at or above which a chunk is speech
 * @param releaseGap speech ends only when probability falls below {@code threshold - releaseGap}
 *     (hysteresis, so a flickering probability does not chop words)
 * @param minSpeechMs shorter bursts (clicks, breaths) are dropped
 * @param minSilenceMs silence that must pass before a segment ends; this is the endpoint latency
 * @param speechPadMs audio kept before the first and after the last speech chunk, so onsets and
 *     word ends are not clipped; at most {@code minSilenceMs} so the padding has already arrived
 * @param maxSegmentMs longer speech is split at its quietest chunk in the second half, which bounds
 *     recognition cost and latency
 */
public record SegmenterConfig(
        float threshold, float releaseGap, int minSpeechMs, int minSilenceMs, int speechPadMs, int maxSegmentMs)
        implements java.io.Serializable {

    public static final SegmenterConfig DEFAULT = new SegmenterConfig(0.5f, 0.15f, 250, 500, 200, 20_000);

    public SegmenterConfig {
        if (!(threshold > 0f && threshold < 1f)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        }
        if (releaseGap < 0f || releaseGap >= threshold) {
            throw new IllegalArgumentException("releaseGap must be in [0, threshold), got " + releaseGap);
        }
        if (minSpeechMs < 0 || minSilenceMs <= 0 || speechPadMs < 0) {
            throw new IllegalArgumentException("minSpeechMs and speechPadMs must be >= 0 and minSilenceMs > 0");
        }
        if (speechPadMs > minSilenceMs) {
            throw new IllegalArgumentException(
                    "speechPadMs (" + speechPadMs + ") must not exceed minSilenceMs (" + minSilenceMs + ")");
        }
        if (maxSegmentMs < 2 * Math.max(minSpeechMs, 1000)) {
            throw new IllegalArgumentException("maxSegmentMs must be at least 2 s and twice minSpeechMs, got " + maxSegmentMs);
        }
    }

    public SegmenterConfig withMaxSegmentMs(int ms) {
        return new SegmenterConfig(threshold, releaseGap, minSpeechMs, minSilenceMs, speechPadMs, ms);
    }

    public SegmenterConfig withMinSilenceMs(int ms) {
        return new SegmenterConfig(threshold, releaseGap, minSpeechMs, ms, Math.min(speechPadMs, ms), maxSegmentMs);
    }
}
