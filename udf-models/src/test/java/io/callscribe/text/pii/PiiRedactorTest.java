package io.callscribe.text.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PiiRedactorTest {

    private final PiiRedactor redactor = new PiiRedactor();
    private static final String SAID = "Sure, it's 4556 7375 8689 9855, and my email is jo at example dot com.";

    @Test
    void redactReplacesEachSpanByItsPlaceholderKeepingClosingPunctuation() {
        assertEquals("Sure, it's [card], and my email is [email].", redactor.redactText(SAID, PiiPolicy.REDACT));
    }

    @Test
    void tagKeepsTheWordsAndMarksTheSpan() {
        assertEquals("Sure, it's [card: 4556 7375 8689 9855,] and my email is [email: jo at example dot com.]",
                redactor.redactText(SAID, PiiPolicy.TAG));
    }

    @Test
    void offAndTextsWithoutPiiAreReturnedAsTheyAre() {
        assertEquals(SAID, redactor.redactText(SAID, PiiPolicy.OFF));
        assertEquals("  hello   there ", redactor.redactText("  hello   there ", PiiPolicy.REDACT));
        assertEquals("", redactor.redactText("", PiiPolicy.REDACT));
    }

    @Test
    void policiesParseCaseInsensitivelyAndNameTheValidOnes() {
        assertEquals(PiiPolicy.TAG, PiiPolicy.parse(" Tag "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PiiPolicy.parse("mask"));
        assertEquals("PII policy must be one of [redact, tag, off], not 'mask'", e.getMessage());
    }
}
