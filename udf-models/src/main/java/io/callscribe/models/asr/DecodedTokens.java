package io.callscribe.models.asr;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What a search produced for one segment, before words are assembled. */
record DecodedTokens(List<RecognizedToken> tokens, Set<TranscriptFlag> flags) {

    DecodedTokens withFlag(TranscriptFlag flag) {
        EnumSet<TranscriptFlag> all = EnumSet.of(flag);
        all.addAll(flags);
        return new DecodedTokens(tokens, all);
    }

    int[] ids() {
        return tokens.stream().mapToInt(RecognizedToken::id).toArray();
    }
}
