package io.callscribe.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Minimum edit-distance (Levenshtein) alignment of a reference and a hypothesis word list, with
 * unit costs for substitution, deletion and insertion. Among the alignments of minimum cost, the
 * trace back from the end prefers a match, then a substitution, then a deletion, then an insertion
 * (the usual convention, so counts agree with common scoring tools).
 *
 * <p>Time and memory are O(|ref| x |hyp|): fine for utterances and whole calls of a few thousand
 * words, not for aligning hours of text in one piece.
 */
public final class WordAlignment {

    private final List<String> reference;
    private final List<String> hypothesis;
    private final List<AlignmentOp> ops;
    private final ErrorCounts counts;

    private WordAlignment(List<String> reference, List<String> hypothesis, List<AlignmentOp> ops) {
        this.reference = reference;
        this.hypothesis = hypothesis;
        this.ops = ops;
        long s = 0;
        long d = 0;
        long i = 0;
        for (AlignmentOp op : ops) {
            switch (op.type()) {
                case SUB -> s++;
                case DEL -> d++;
                case INS -> i++;
                case MATCH -> { }
            }
        }
        this.counts = new ErrorCounts(s, d, i, reference.size());
    }

    /** Aligns already normalized words; either list may be empty. */
    public static WordAlignment align(List<String> reference, List<String> hypothesis) {
        List<String> ref = List.copyOf(reference);
        List<String> hyp = List.copyOf(hypothesis);
        int n = ref.size();
        int m = hyp.size();
        int width = m + 1;
        // cost[i * width + j]: edit distance between the first i reference and first j hypothesis words.
        int[] cost = new int[Math.multiplyExact(n + 1, width)];
        for (int j = 0; j <= m; j++) {
            cost[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cost[i * width] = i;
            String refWord = ref.get(i - 1);
            for (int j = 1; j <= m; j++) {
                int diagonal = cost[(i - 1) * width + j - 1] + (refWord.equals(hyp.get(j - 1)) ? 0 : 1);
                int up = cost[(i - 1) * width + j] + 1;
                int left = cost[i * width + j - 1] + 1;
                cost[i * width + j] = Math.min(diagonal, Math.min(up, left));
            }
        }

        List<AlignmentOp> ops = new ArrayList<>(Math.max(n, m));
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            int here = cost[i * width + j];
            if (i > 0 && j > 0) {
                boolean same = ref.get(i - 1).equals(hyp.get(j - 1));
                int diagonal = cost[(i - 1) * width + j - 1];
                if (same && here == diagonal) {
                    ops.add(AlignmentOp.match(--i, --j));
                    continue;
                }
                if (!same && here == diagonal + 1) {
                    ops.add(AlignmentOp.sub(--i, --j));
                    continue;
                }
            }
            if (i > 0 && here == cost[(i - 1) * width + j] + 1) {
                ops.add(AlignmentOp.del(--i));
            } else {
                ops.add(AlignmentOp.ins(--j));
            }
        }
        Collections.reverse(ops);
        return new WordAlignment(ref, hyp, List.copyOf(ops));
    }

    public List<String> reference() {
        return reference;
    }

    public List<String> hypothesis() {
        return hypothesis;
    }

    /** The steps in reading order, covering every reference and every hypothesis word exactly once. */
    public List<AlignmentOp> ops() {
        return ops;
    }

    public ErrorCounts counts() {
        return counts;
    }

    /**
     * For each hypothesis word, whether it matches its reference word: the correctness label a
     * word-confidence calibration is fitted against. Substituted and inserted words are wrong.
     */
    public boolean[] hypothesisWordCorrect() {
        boolean[] correct = new boolean[hypothesis.size()];
        for (AlignmentOp op : ops) {
            if (op.type() == AlignmentOp.Type.MATCH) {
                correct[op.hypIndex()] = true;
            }
        }
        return correct;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordAlignment other
                && reference.equals(other.reference)
                && hypothesis.equals(other.hypothesis)
                && ops.equals(other.ops);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reference, hypothesis, ops);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(counts.toString());
        for (AlignmentOp op : ops) {
            text.append("\n  ").append(op.type()).append(' ');
            text.append(op.refIndex() == AlignmentOp.NONE ? "*" : reference.get(op.refIndex()));
            text.append(" | ");
            text.append(op.hypIndex() == AlignmentOp.NONE ? "*" : hypothesis.get(op.hypIndex()));
        }
        return text.toString();
    }
}
