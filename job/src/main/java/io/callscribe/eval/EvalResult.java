package io.callscribe.eval;

import io.callscribe.text.ErrorCounts;

import java.util.List;

/**
 * The outcome of one evaluation run.
 *
 * @param vad speech-time agreement of VAD spans with human spans (long-form runs on sets that have
 *     them), else null
 * @param vadSeconds processing time spent in VAD (long-form runs)
 * @param failures entries that could not be read, each "file: reason"; they are left out of the figures
 */
public record EvalResult(List<ScoredUtterance> utterances, SpeechTimeOverlap vad, double vadSeconds, List<String> failures) {

    public ErrorCounts pooled() {
        ErrorCounts total = ErrorCounts.ZERO;
        for (ScoredUtterance u : utterances) {
            total = total.plus(u.counts());
        }
        return total;
    }

    public double audioSeconds() {
        return utterances.stream().mapToDouble(ScoredUtterance::audioSeconds).sum();
    }

    public double processingSeconds() {
        return utterances.stream().mapToDouble(ScoredUtterance::processingSeconds).sum();
    }

    /** Total processing time over total audio time. */
    public double pooledRealTimeFactor() {
        return audioSeconds() == 0 ? 0 : processingSeconds() / audioSeconds();
    }

    /** Median of per-utterance real-time factors. */
    public double medianRealTimeFactor() {
        double[] rtf = utterances.stream().mapToDouble(ScoredUtterance::realTimeFactor).sorted().toArray();
        if (rtf.length == 0) {
            return 0;
        }
        return rtf.length % 2 == 1 ? rtf[rtf.length / 2] : (rtf[rtf.length / 2 - 1] + rtf[rtf.length / 2]) / 2;
    }
}
