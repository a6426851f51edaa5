package io.callscribe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TranscriptNormalizerTest {

    private final TranscriptNormalizer normalizer = new TranscriptNormalizer();

    private String norm(String text) {
        return normalizer.normalize(text);
    }

    // --- the README's scoring rules, one per test ---

    @Test
    void lowercases() {
        assertEquals("hello harper valley", norm("Hello HARPER Valley"));
    }

    @Test
    void dropsBracketedTags() {
        assertEquals("no all i need", norm("uh no <unk> all i [noise] need [side speech]"));
    }

    @Test
    void tagGluedToWordsStillSeparatesThem() {
        assertEquals("yes please", norm("yes[noise]please"));
    }

    @Test
    void comparisonSignsAreNotTags() {
        assertEquals("x five and y three", norm("x < 5 and y > 3"));
    }

    @Test
    void numbersBecomeCardinalWords() {
        assertEquals("your balance is one hundred thirty four dollars", norm("your balance is 134 dollars"));
    }

    @Test
    void digitStringsLongerThanSixDigitsAreReadDigitByDigit() {
        assertEquals("account four five six seven eight nine zero", norm("account 4567890"));
        assertEquals("nine hundred ninety nine thousand nine hundred ninety nine", norm("999999"));
    }

    @Test
    void stripsPunctuation() {
        assertEquals("hi how can i help you today", norm("Hi! How can I help you, today?"));
    }

    @Test
    void removesApostrophes() {
        assertEquals("dont thats maam cause", norm("don't that's ma'am 'cause"));
    }

    @Test
    void removesTypographicApostrophes() {
        assertEquals("dont its youre", norm("don\u2019t it\u02BCs you\u2018re"));
    }

    @Test
    void splitsOnAnyWhitespace() {
        assertEquals(List.of("a", "b", "c", "d"), normalizer.words("  a \t b\n\nc\u00A0\u2003d  "));
    }

    @Test
    void dropsFillers() {
        assertEquals("so the amount is", norm("uh so um ah er eh the hmm hm mm mhm uhm erm amount is"));
    }

    @Test
    void fillerRuleIsExactWordsOnly() {
        // "uh-huh" is a backchannel, not a filler; only its "uh" goes. Stretched "ummm" is not in the list.
        assertEquals("huh ummm", norm("uh-huh ummm"));
    }

    @Test
    void unifiesSpellingVariants() {
        assertEquals("ok all right going to want to", norm("okay alright gonna wanna"));
    }

    // --- details the rules leave to the engineer ---

    @Test
    void hyphensSplitWords() {
        assertEquals("twenty five e mail", norm("twenty-five e-mail"));
    }

    @Test
    void unicodeDashesSplitWords() {
        assertEquals("twenty five yes no", norm("twenty\u2013five yes\u2014no"));
    }

    @Test
    void yearsReadAsCardinals() {
        assertEquals("since one thousand nine hundred ninety", norm("since 1990"));
        assertEquals("two thousand twenty four", norm("2024"));
    }

    @Test
    void ordinals() {
        assertEquals("the first twenty second and third one hundredth", norm("the 1st 22nd and 3RD 100th"));
    }

    @Test
    void digitsGluedToLettersComeApart() {
        assertEquals("mp three covid nineteen four g", norm("mp3 covid19 4g"));
    }

    @Test
    void leadingZeroReadsDigitByDigit() {
        assertEquals("pin zero four two seven zip zero two one three nine", norm("pin 0427 zip 02139"));
        assertEquals("zero", norm("0"));
    }

    @Test
    void thousandsSeparatorsReadAsOneAmount() {
        assertEquals("one thousand two hundred fifty", norm("1,250"));
        assertEquals("one million five hundred thousand", norm("1,500,000"));
    }

    @Test
    void commaBetweenSmallNumbersIsAList() {
        assertEquals("one two and three", norm("1,2 and 3"));
    }

    @Test
    void decimalsReadFractionDigitByDigit() {
        assertEquals("rate three point one four", norm("rate 3.14."));
    }

    @Test
    void money() {
        assertEquals("one hundred thirty four dollars", norm("$134"));
        assertEquals("one dollar", norm("$1"));
        assertEquals("one thousand two hundred thirty four dollars fifty six cents", norm("$1,234.56"));
        assertEquals("ninety nine cents", norm("$0.99"));
        assertEquals("two million dollars", norm("$2 million"));
    }

    @Test
    void percent() {
        assertEquals("five percent and five point five percent", norm("5% and 5.5 %"));
    }

    @Test
    void clockTimes() {
        assertEquals("eleven thirty nine oh five and eleven", norm("11:30 9:05 and 11:00"));
    }

    @Test
    void amPmAfterANumberIsSpelledLikeItsDottedForm() {
        assertEquals("eleven a m", norm("11am"));
        assertEquals("eleven a m", norm("11 a.m."));
        assertEquals("eleven thirty p m", norm("11:30 PM"));
        assertEquals("i am here", norm("I am here"));
    }

    @Test
    void spacedCardNumberReadsDigitByDigit() {
        assertEquals("card four one one one one one one one one one one one one one one one",
                norm("card 4111 1111 1111 1111"));
    }

    @Test
    void hyphenatedPhoneNumberReadsDigitByDigit() {
        assertEquals("call five five five one two three four five six seven",
                norm("call 555-123-4567"));
    }

    @Test
    void shortNumberGroupsStaySeparateNumbers() {
        assertEquals("open nine five twelve thirty", norm("open 9-5 12 30"));
    }

    @Test
    void ampersandReadsAnd() {
        assertEquals("at and t", norm("AT&T"));
    }

    @Test
    void diacriticsAndCompatibilityFormsFold() {
        assertEquals("jose cafe twelve", norm("Jos\u00E9 CAF\u00C9 \uFF11\uFF12"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[noise]", "<unk> uh um", "?!."})
    void nothingScorableGivesNoWords(String text) {
        assertEquals(List.of(), normalizer.words(text));
        assertEquals("", norm(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Alright, so uh $134.50 on the 22nd at 11:05am -- okay?",
        "card 4111-1111-1111-1111, PIN 0042",
        "I'm gonna pay 5.5% [noise] of 1,250",
    })
    void normalizingTwiceChangesNothing(String text) {
        String once = norm(text);
        assertEquals(once, norm(once));
    }

    @Test
    void wordsAreImmutable() {
        List<String> words = normalizer.words("a b");
        assertThrows(UnsupportedOperationException.class, () -> words.add("c"));
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> normalizer.words(null));
    }
}
