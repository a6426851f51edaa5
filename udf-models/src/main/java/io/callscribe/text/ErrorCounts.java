package io.callscribe.text;

/**
 * Word error counts of one or more aligned transcripts. Pool a set by adding counts with
 * {@link #plus} and take {@link #wer()} once at the end: pooled WER weighs each utterance by its
 * reference length, unlike an average of per-utterance rates.
 */
public record ErrorCounts(long substitutions, long deletions, long insertions, long referenceWords) {

    public static final ErrorCounts ZERO = new ErrorCounts(0, 0, 0, 0);

    public ErrorCounts {
        if (substitutions < 0 || deletions < 0 || insertions < 0 || referenceWords < 0) {
            throw new IllegalArgumentException("counts must be non-negative: " + substitutions + " S, "
                    + deletions + " D, " + insertions + " I, " + referenceWords + " reference words");
        }
        if (substitutions + deletions > referenceWords) {
            throw new IllegalArgumentException("substitutions + deletions (" + (substitutions + deletions)
                    + ") exceed the reference words (" + referenceWords + ")");
        }
    }

    public ErrorCounts plus(ErrorCounts other) {
        return new ErrorCounts(
                substitutions + other.substitutions,
                deletions + other.deletions,
                insertions + other.insertions,
                referenceWords + other.referenceWords);
    }

    /** S + D + I. */
    public long errors() {
        return substitutions + deletions + insertions;
    }

    /** Reference words the hypothesis got right: N - S - D. */
    public long correct() {
        return referenceWords - substitutions - deletions;
    }

    /**
     * (S + D + I) / N. With no reference words it is 0 when there are no errors either, and positive
     * infinity when there are insertions: the rate is undefined, and a finite stand-in would hide
     * words recognized in silence.
     */
    public double wer() {
        if (referenceWords == 0) {
            return errors() == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return (double) errors() / referenceWords;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "WER %.2f%% (S=%d D=%d I=%d N=%d)",
                100 * wer(), substitutions, deletions, insertions, referenceWords);
    }
}
