package io.callscribe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberWordsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0,      zero",
        "7,      seven",
        "13,     thirteen",
        "20,     twenty",
        "21,     twenty one",
        "100,    one hundred",
        "101,    one hundred one",
        "134,    one hundred thirty four",
        "1000,   one thousand",
        "1001,   one thousand one",
        "1990,   one thousand nine hundred ninety",
        "100000, one hundred thousand",
        "999999, nine hundred ninety nine thousand nine hundred ninety nine",
        "1000001, one million one",
        "2000000000, two billion",
    })
    void cardinal(long n, String words) {
        assertEquals(words, NumberWords.cardinal(n));
    }

    @Test
    void largestLongIsSpelled() {
        assertEquals("nine quintillion two hundred twenty three quadrillion three hundred seventy two trillion"
                + " thirty six billion eight hundred fifty four million seven hundred seventy five thousand"
                + " eight hundred seven", NumberWords.cardinal(Long.MAX_VALUE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1,    first",
        "2,    second",
        "3,    third",
        "4,    fourth",
        "5,    fifth",
        "8,    eighth",
        "9,    ninth",
        "11,   eleventh",
        "12,   twelfth",
        "20,   twentieth",
        "22,   twenty second",
        "100,  one hundredth",
        "101,  one hundred first",
        "1000, one thousandth",
    })
    void ordinal(long n, String words) {
        assertEquals(words, NumberWords.ordinal(n));
    }

    @Test
    void sevenDigitAccountNumberDigitByDigit() {
        assertEquals("five five five one two three four", NumberWords.digitByDigit("5551234"));
    }

    @Test
    void sixteenDigitCardNumberDigitByDigit() {
        assertEquals("four one one one one one one one one one one one one one one zero",
                NumberWords.digitByDigit("4111111111111110"));
    }

    @Test
    void leadingZerosAreSpokenDigitByDigit() {
        assertEquals("zero zero four two", NumberWords.digitByDigit("0042"));
    }

    @Test
    void rejectsNegativesAndNonDigits() {
        assertThrows(IllegalArgumentException.class, () -> NumberWords.cardinal(-1));
        assertThrows(IllegalArgumentException.class, () -> NumberWords.digitByDigit("12a"));
    }

    @Test
    void numberWordsBelowAHundredReadBackToTheirValues() {
        for (int n = 0; n < 100; n++) {
            String[] words = NumberWords.cardinal(n).split(" ");
            int value = words.length == 1 ? NumberWords.valueOfWord(words[0])
                    : NumberWords.valueOfWord(words[0]) + NumberWords.valueOfWord(words[1]);
            assertEquals(n, value, NumberWords.cardinal(n));
        }
        assertEquals(-1, NumberWords.valueOfWord("hundred"));
        assertEquals(-1, NumberWords.valueOfWord("oh"));
        assertEquals(-1, NumberWords.valueOfWord("Seven"), "lowercase words only");
    }
}
