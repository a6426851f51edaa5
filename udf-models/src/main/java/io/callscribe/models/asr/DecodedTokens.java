package io.callscribe.models.asr;

import java.util.List;
import java.util.Set;

/** What a search produced for one segment, before words are assembled. */
record DecodedTokens(List<RecognizedToken> tokens, Set<TranscriptFlag> flags) {

    int[] ids() {
        return tokens.stream().mapToInt(RecognizedToken::id).toArray();
    }
}
