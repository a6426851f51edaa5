package io.callscribe.sql;

import io.callscribe.text.TranscriptNormalizer;
import org.apache.flink.table.functions.ScalarFunction;

import java.util.Collections;
import java.util.List;

/**
 * {@code CONTAINS_PHRASE(text, phrase)}: whether the phrase's words occur in the text as a run of
 * whole words, both sides normalized as for scoring. So {@code 'This call is recorded.'} contains
 * {@code 'call is recorded'}, {@code 'I'd like to cancel'} contains {@code 'id like to cancel'}, and
 * {@code 'cancellation'} does not contain {@code 'cancel'} (use one phrase per form). NULL text or
 * phrase gives NULL; a phrase with no words gives FALSE.
 */
public final class ContainsPhrase extends ScalarFunction {

    private static final TranscriptNormalizer NORMALIZER = new TranscriptNormalizer();

    public Boolean eval(String text, String phrase) {
        if (text == null || phrase == null) {
            return null;
        }
        List<String> needle = NORMALIZER.words(phrase);
        return !needle.isEmpty() && Collections.indexOfSubList(NORMALIZER.words(text), needle) >= 0;
    }
}
