package io.callscribe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ErrorCountsTest {

    @Test
    void plusPoolsCounts() {
        ErrorCounts pooled = new ErrorCounts(1, 0, 0, 4).plus(new ErrorCounts(0, 2, 1, 6));
        assertEquals(new ErrorCounts(1, 2, 1, 6 + 4), pooled);
        assertEquals(4, pooled.errors());
        assertEquals(7, pooled.correct());
        assertEquals(0.4, pooled.wer(), 1e-12);
    }

    @Test
    void pooledWerWeighsByReferenceLength() {
        // 1 error in 1 word and 0 in 9: the mean of rates says 50 %, the pooled rate 10 %.
        ErrorCounts pooled = new ErrorCounts(1, 0, 0, 1).plus(new ErrorCounts(0, 0, 0, 9));
        assertEquals(0.1, pooled.wer(), 1e-12);
    }

    @Test
    void zeroIsTheIdentity() {
        ErrorCounts c = new ErrorCounts(1, 2, 3, 4);
        assertEquals(c, ErrorCounts.ZERO.plus(c));
    }

    @Test
    void werCanExceedOneWithInsertions() {
        assertEquals(2.0, new ErrorCounts(0, 0, 2, 1).wer(), 1e-12);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorCounts(-1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ErrorCounts(2, 1, 0, 2));
    }

    @Test
    void printsPercent() {
        assertEquals("WER 25.00% (S=1 D=0 I=0 N=4)", new ErrorCounts(1, 0, 0, 4).toString());
    }
}
