package io.callscribe.models.asr;

import java.util.List;
import java.util.Set;

/**
 * A segment's recognition result.
 *
 * @param confidence expected fraction of correct words (the mean calibrated word confidence);
 *     1 for an empty transcript of silence
 * @param hotwords the request's hot phrases that occur in the transcript, as written in their set
 */
public record Transcript(String text, List<Word> words, float confidence, Set<TranscriptFlag> flags, long audioMs,
        List<String> hotwords) {

    public boolean isEmpty() {
        return words.isEmpty();
    }
}
