package io.callscribe.text.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LuhnTest {

    @Test
    void knownCardNumbers() {
        assertTrue(Luhn.of("4556737586899855").valid());
        assertTrue(Luhn.of("378282246310005").valid());
        assertFalse(Luhn.of("4556737586899854").valid());
        assertFalse(Luhn.of("4556737586899585").valid(), "two digits swapped");
    }

    @Test
    void sumsOfTwoPartsEqualTheSumsOfTheWhole() {
        Random random = new Random(7);
        for (int trial = 0; trial < 1000; trial++) {
            StringBuilder digits = new StringBuilder();
            int length = 2 + random.nextInt(18);
            for (int i = 0; i < length; i++) {
                digits.append(random.nextInt(10));
            }
            int cut = 1 + random.nextInt(length - 1);
            String prefix = digits.substring(0, cut);
            String suffix = digits.substring(cut);
            assertEquals(Luhn.of(digits), Luhn.of(prefix).followedBy(Luhn.of(suffix), suffix.length()), digits + " cut at " + cut);
        }
    }
}
