package io.callscribe.models.asr;

/**
 * Whether a biased search's result stands against the model's own, found alongside it (or against
 * another biased result that stood before it). It stands only when it holds a phrase the other
 * lacks, and when it scores at least as well under the biased objective: log-probability plus the
 * bias's net score (what completed phrases banked), per token as beam search ranks. The first
 * condition takes back the whole effect of a partial match that failed (it steered the search but
 * brought no phrase in); the second weighs a phrase's bonus against what it costs in acoustic
 * likelihood over the whole segment, which a greedy search, having committed to a phrase's first
 * token, cannot weigh on its own.
 */
final class BiasVerdict {

    private BiasVerdict() {}

    static DecodedTokens keep(DecodingBias bias, DecodedTokens biased, DecodedTokens own) {
        int[] b = biased.ids();
        int[] o = own.ids();
        if (bias.matchedPhrases(o).containsAll(bias.matchedPhrases(b))) {
            return own;
        }
        return score(bias, biased, b) >= score(bias, own, o) ? biased : own;
    }

    private static double score(DecodingBias bias, DecodedTokens decoded, int[] ids) {
        double logProb = 0;
        for (RecognizedToken t : decoded.tokens()) {
            logProb += t.logProb();
        }
        // the end token counts as one more step, as in beam search's ranking
        return (logProb + bias.score(ids)) / (ids.length + 1);
    }
}
