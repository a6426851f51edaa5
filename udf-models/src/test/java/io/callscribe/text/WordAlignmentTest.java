package io.callscribe.text;

import static io.callscribe.text.AlignmentOp.NONE;
import static io.callscribe.text.AlignmentOp.Type.DEL;
import static io.callscribe.text.AlignmentOp.Type.INS;
import static io.callscribe.text.AlignmentOp.Type.MATCH;
import static io.callscribe.text.AlignmentOp.Type.SUB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordAlignmentTest {

    private static List<String> words(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(" "));
    }

    private static WordAlignment align(String reference, String hypothesis) {
        return WordAlignment.align(words(reference), words(hypothesis));
    }

    private static AlignmentOp op(AlignmentOp.Type type, int ref, int hyp) {
        return new AlignmentOp(type, ref, hyp);
    }

    @Test
    void identicalWordsAllMatch() {
        WordAlignment a = align("how can i help", "how can i help");
        assertEquals(new ErrorCounts(0, 0, 0, 4), a.counts());
        assertEquals(List.of(op(MATCH, 0, 0), op(MATCH, 1, 1), op(MATCH, 2, 2), op(MATCH, 3, 3)), a.ops());
    }

    @Test
    void oneSubstitution() {
        WordAlignment a = align("my name is elizabeth", "my name is alyssa");
        assertEquals(new ErrorCounts(1, 0, 0, 4), a.counts());
        assertEquals(op(SUB, 3, 3), a.ops().get(3));
    }

    @Test
    void oneDeletion() {
        WordAlignment a = align("is there anything else i can help you with", "is there anything else i can help you");
        assertEquals(new ErrorCounts(0, 1, 0, 9), a.counts());
        assertEquals(op(DEL, 8, NONE), a.ops().get(8));
    }

    @Test
    void oneInsertion() {
        WordAlignment a = align("and what time", "and uh what time");
        assertEquals(new ErrorCounts(0, 0, 1, 3), a.counts());
        assertEquals(List.of(op(MATCH, 0, 0), op(INS, NONE, 1), op(MATCH, 1, 2), op(MATCH, 2, 3)), a.ops());
    }

    @Test
    void mixedErrorsFromTheHvbSet() {
        // ref: which card would you like to replace / hyp: which part that you like replace
        WordAlignment a = align("which card would you like to replace", "which part that you like replace");
        assertEquals(new ErrorCounts(2, 1, 0, 7), a.counts());
        assertEquals(List.of(op(MATCH, 0, 0), op(SUB, 1, 1), op(SUB, 2, 2), op(MATCH, 3, 3),
                op(MATCH, 4, 4), op(DEL, 5, NONE), op(MATCH, 6, 5)), a.ops());
    }

    @Test
    void substitutionAndInsertionAndDeletionTogether() {
        // The only 3-edit alignment: b->x, d deleted, g inserted (all-diagonal would cost 4).
        WordAlignment a = align("a b c d e f", "a x c e f g");
        assertEquals(new ErrorCounts(1, 1, 1, 6), a.counts());
        assertEquals(List.of(op(MATCH, 0, 0), op(SUB, 1, 1), op(MATCH, 2, 2), op(DEL, 3, NONE),
                op(MATCH, 4, 3), op(MATCH, 5, 4), op(INS, NONE, 5)), a.ops());
        assertEquals(0.5, a.counts().wer(), 1e-12);
    }

    @Test
    void equalCostTiePrefersSubstitutions() {
        // 3 SUB or 1 SUB + 1 DEL + 1 INS both cost 3; the diagonal wins.
        assertEquals(new ErrorCounts(3, 0, 0, 5), align("a b c d e", "a x c e f").counts());
    }

    @Test
    void tieBreakPrefersSubstitutionOverDeletionPlusInsertion() {
        // "a" vs "b" could also be DEL a + INS b at cost 2; the minimum is one SUB.
        assertEquals(List.of(op(SUB, 0, 0)), align("a", "b").ops());
    }

    @Test
    void tieBreakPrefersSubstitutionsWhenLengthsDiffer() {
        // Equal-cost alternatives: {SUB a->x, DEL b} or {DEL a, SUB b->x}. The trace back from the end
        // takes the diagonal first, so the last words pair up.
        WordAlignment a = align("a b", "x");
        assertEquals(new ErrorCounts(1, 1, 0, 2), a.counts());
        assertEquals(List.of(op(DEL, 0, NONE), op(SUB, 1, 0)), a.ops());
    }

    @Test
    void emptyHypothesisDeletesEverything() {
        WordAlignment a = align("thank you", "");
        assertEquals(new ErrorCounts(0, 2, 0, 2), a.counts());
        assertEquals(1.0, a.counts().wer());
        assertEquals(List.of(op(DEL, 0, NONE), op(DEL, 1, NONE)), a.ops());
    }

    @Test
    void emptyReferenceInsertsEverything() {
        WordAlignment a = align("", "hi there");
        assertEquals(new ErrorCounts(0, 0, 2, 0), a.counts());
        assertEquals(Double.POSITIVE_INFINITY, a.counts().wer());
        assertEquals(List.of(op(INS, NONE, 0), op(INS, NONE, 1)), a.ops());
    }

    @Test
    void bothEmptyIsPerfect() {
        WordAlignment a = align("", "");
        assertEquals(ErrorCounts.ZERO, a.counts());
        assertEquals(0.0, a.counts().wer());
        assertEquals(List.of(), a.ops());
    }

    @Test
    void opsCoverEveryWordOnceInOrder() {
        WordAlignment a = align("hello this is harper valley national bank", "hello mr harper valley bank today");
        int nextRef = 0;
        int nextHyp = 0;
        for (AlignmentOp op : a.ops()) {
            if (op.refIndex() != NONE) {
                assertEquals(nextRef++, op.refIndex());
            }
            if (op.hypIndex() != NONE) {
                assertEquals(nextHyp++, op.hypIndex());
            }
        }
        assertEquals(7, nextRef);
        assertEquals(6, nextHyp);
    }

    @Test
    void hypothesisWordCorrectLabelsMatchesOnly() {
        WordAlignment a = align("i lost my debit card", "i lost uh my credit card");
        assertArrayEquals(new boolean[] {true, true, false, true, false, true}, a.hypothesisWordCorrect());
    }

    @Test
    void editDistanceIsMinimal() {
        // kitten/sitting at the word level: 3 edits (2 SUB, 1 INS).
        WordAlignment a = align("k i t t e n", "s i t t i n g");
        assertEquals(3, a.counts().errors());
        assertEquals(new ErrorCounts(2, 0, 1, 6), a.counts());
    }
}
