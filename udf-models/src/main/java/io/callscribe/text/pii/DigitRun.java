package io.callscribe.text.pii;

import java.util.List;

/**
 * Digits said or written one after another, possibly across several words: "four five five six",
 * "double five", "4556 7375", "555-123-4567", "oh seven slash two six".
 *
 * @param fromPiece first piece (inclusive) of the run
 * @param toPiece last piece (exclusive)
 * @param fromWord first transcript word (inclusive)
 * @param toWord last transcript word (exclusive)
 * @param slashAt digits before a "slash" or "/" (a month), -1 without one
 * @param groups digit counts of a single written numeral's hyphen groups ("123-45-6789" is 3, 2, 4), else empty
 * @param digitByDigit said digit by digit (or written): not only "twenty six"-style pairs, which are
 *     how people say years and amounts, unless there are {@link DigitRunReader#MIN_PAIRS_ALONE} of them
 * @param readings how many digit words, pairs or numerals it was read from: 1 for a lone numeral
 *     ("1455"), which the recognizer wrote as one number
 */
record DigitRun(int fromPiece, int toPiece, int fromWord, int toWord, String digits, int slashAt, List<Integer> groups,
        boolean digitByDigit, int readings) {

    int length() {
        return digits.length();
    }
}
