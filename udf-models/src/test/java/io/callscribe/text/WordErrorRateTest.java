package io.callscribe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    private final WordErrorRate wer = new WordErrorRate();

    @Test
    void bothSidesAreNormalizedBeforeAligning() {
        assertEquals(new ErrorCounts(0, 0, 0, 10),
                wer.score("Alright, your balance is $134.", "all right your balance is one hundred thirty four dollars"));
    }

    @Test
    void fillersAndTagsAreNotErrors() {
        assertEquals(new ErrorCounts(0, 0, 0, 3), wer.score("uh no [noise] thank you <unk>", "no um thank you"));
    }

    @Test
    void alignmentWordsAreTheNormalizedOnes() {
        WordAlignment a = wer.align("Okay, bye!", "ok by");
        assertEquals(java.util.List.of("ok", "bye"), a.reference());
        assertEquals(new ErrorCounts(1, 0, 0, 2), a.counts());
    }
}
