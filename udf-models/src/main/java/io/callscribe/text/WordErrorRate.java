package io.callscribe.text;

import java.util.Objects;

/**
 * Scores raw transcripts: normalizes reference and hypothesis with the same
 * {@link TranscriptNormalizer}, then aligns the words. Pool a set with {@link ErrorCounts#plus}.
 */
public final class WordErrorRate {

    private final TranscriptNormalizer normalizer;

    /** Scores with the eval README's scoring rules. */
    public WordErrorRate() {
        this(new TranscriptNormalizer());
    }

    public WordErrorRate(TranscriptNormalizer normalizer) {
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    }

    public WordAlignment align(String reference, String hypothesis) {
        return WordAlignment.align(normalizer.words(reference), normalizer.words(hypothesis));
    }

    public ErrorCounts score(String reference, String hypothesis) {
        return align(reference, hypothesis).counts();
    }
}
