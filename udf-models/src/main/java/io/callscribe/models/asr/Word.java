package io.callscribe.models.asr;

import java.util.List;

/**
 * A recognized word. Times are milliseconds from the segment's start; Moonshine has no alignment
 * output, so they are estimated (see {@link WordAssembler}).
 */
public record Word(String text, long startMs, long endMs, float confidence, List<RecognizedToken> tokens) {

    /** Mean token log-probability: the raw score calibration starts from. */
    public double meanLogProb() {
        double sum = 0;
        for (RecognizedToken t : tokens) {
            sum += t.logProb();
        }
        return tokens.isEmpty() ? 0 : sum / tokens.size();
    }

    public double minLogProb() {
        double min = 0;
        for (RecognizedToken t : tokens) {
            min = Math.min(min, t.logProb());
        }
        return min;
    }
}
