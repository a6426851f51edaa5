package io.callscribe.models.asr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RepetitionGuardTest {

    private static List<RecognizedToken> tokens(int... ids) {
        List<RecognizedToken> out = new ArrayList<>();
        for (int id : ids) {
            out.add(new RecognizedToken(id, -0.1f));
        }
        return out;
    }

    @Test
    void ordinaryRepetitionInSpeechIsKept() {
        assertEquals(-1, RepetitionGuard.loopStart(tokens(10, 11, 11, 11, 12)));
        assertEquals(-1, RepetitionGuard.loopStart(tokens(5, 6, 5, 6, 5, 6)));
    }

    @Test
    void loopOfAPhraseIsCutAfterItsFirstCopy() {
        int[] ids = {7, 8, 1000, 1001, 1002, 1003, 1000, 1001, 1002, 1003, 1000, 1001, 1002, 1003};
        assertEquals(6, RepetitionGuard.loopStart(tokens(ids)));
    }

    @Test
    void longRunOfOneTokenIsALoop() {
        int[] ids = new int[14];
        java.util.Arrays.fill(ids, 42);
        ids[0] = 3;
        assertEquals(2, RepetitionGuard.loopStart(tokens(ids)));
    }
}
