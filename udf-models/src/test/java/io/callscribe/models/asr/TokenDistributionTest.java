package io.callscribe.models.asr;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenDistributionTest {

    @Test
    void logProbabilitiesAreNormalizedOverTheVocabularyOnly() {
        // two rows of 6 columns, vocabulary of 4: the last two columns must be ignored
        FloatBuffer logits = FloatBuffer.wrap(new float[] {0, 0, 0, 0, 100, 100, 1, 3, 2, 0, 100, 100});
        TokenDistribution d = new TokenDistribution(4);
        d.load(logits, 0, 6);
        assertEquals(Math.log(0.25), d.logProb(2), 1e-6);
        d.load(logits, 1, 6);
        assertEquals(1, d.argmax());
        assertArrayEquals(new int[] {1, 2, 0}, d.top(3));
        double total = 0;
        for (int i = 0; i < 4; i++) {
            total += Math.exp(d.logProb(i));
        }
        assertEquals(1.0, total, 1e-6);
    }
}
