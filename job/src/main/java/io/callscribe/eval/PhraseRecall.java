package io.callscribe.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recall of hot phrases in normalized word sequences. The reference's mentions are found left to
 * right, the longest phrase at each place ("harper valley national bank" is one mention, not also
 * one of "harper valley"); a mention counts as recognized while the hypothesis holds that phrase as
 * often (anywhere, also inside a longer phrase).
 *
 * @param mentions phrase mentions in the references
 * @param recognized of those, the ones the hypotheses hold
 */
public record PhraseRecall(long mentions, long recognized) {

    public static final PhraseRecall ZERO = new PhraseRecall(0, 0);

    /** Scores one utterance; phrases and texts are lists of normalized words. */
    public static PhraseRecall of(List<String> reference, List<String> hypothesis, List<List<String>> phrases) {
        Map<List<String>, Integer> mentions = mentions(reference, phrases);
        long recognized = 0;
        for (Map.Entry<List<String>, Integer> m : mentions.entrySet()) {
            recognized += Math.min(m.getValue(), occurrences(hypothesis, m.getKey()));
        }
        return new PhraseRecall(mentions.values().stream().mapToLong(Integer::longValue).sum(), recognized);
    }

    /** Whether {@code words} mention any of the phrases. */
    public static boolean mentionsAny(List<String> words, List<List<String>> phrases) {
        return !mentions(words, phrases).isEmpty();
    }

    private static Map<List<String>, Integer> mentions(List<String> words, List<List<String>> phrases) {
        Map<List<String>, Integer> found = new HashMap<>();
        int i = 0;
        while (i < words.size()) {
            List<String> longest = null;
            for (List<String> p : phrases) {
                if ((longest == null || p.size() > longest.size()) && matchesAt(words, i, p)) {
                    longest = p;
                }
            }
            if (longest == null) {
                i++;
            } else {
                found.merge(longest, 1, Integer::sum);
                i += longest.size();
            }
        }
        return found;
    }

    private static int occurrences(List<String> words, List<String> phrase) {
        int n = 0;
        for (int i = 0; i < words.size(); i++) {
            if (matchesAt(words, i, phrase)) {
                n++;
            }
        }
        return n;
    }

    private static boolean matchesAt(List<String> words, int at, List<String> phrase) {
        return !phrase.isEmpty() && at + phrase.size() <= words.size() && words.subList(at, at + phrase.size()).equals(phrase);
    }

    public PhraseRecall plus(PhraseRecall other) {
        return new PhraseRecall(mentions + other.mentions, recognized + other.recognized);
    }

    public double recall() {
        return mentions == 0 ? 0 : recognized / (double) mentions;
    }
}
