package io.callscribe.sql;

import io.callscribe.text.TranscriptNormalizer;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code NORMALIZE_TRANSCRIPT(text)}: the transcript in the canonical word form used for scoring and
 * matching ({@link TranscriptNormalizer}: lowercase, no punctuation, numbers as words, fillers
 * dropped, spelling variants unified), words joined by single spaces. NULL stays NULL.
 */
public final class NormalizeTranscript extends ScalarFunction {

    private static final TranscriptNormalizer NORMALIZER = new TranscriptNormalizer();

    public String eval(String text) {
        return text == null ? null : NORMALIZER.normalize(text);
    }
}
