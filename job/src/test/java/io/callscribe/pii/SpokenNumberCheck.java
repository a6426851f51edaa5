package io.callscribe.pii;

import io.callscribe.text.NumberWords;
import java.util.Locale;

/**
 * What of a spoken number a text still shows: digit words ("five") and written digits ("4556" is
 * four). A lone digit word is ordinary speech as often as not ("two of them"); two in a row are a
 * piece of a number.
 */
public final class SpokenNumberCheck {

    private SpokenNumberCheck() {}

    public static int digits(String text) {
        int n = 0;
        for (String token : tokens(text)) {
            n += digitsOf(token);
        }
        return n;
    }

    /** The most digits in a row, across words ("five five" is 2, "55" is 2, "five of 5" is 1). */
    public static int longestRun(String text) {
        int longest = 0;
        int run = 0;
        for (String token : tokens(text)) {
            int d = digitsOf(token);
            run = d == 0 ? 0 : run + d;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** The digits in a row at the text's end ("card four five" is 2): a string the speaker may go on with. */
    public static int trailingRun(String text) {
        String[] tokens = tokens(text);
        int run = 0;
        for (int i = tokens.length - 1; i >= 0 && digitsOf(tokens[i]) > 0; i--) {
            run += digitsOf(tokens[i]);
        }
        return run;
    }

    /** The most digits in a row among the runs that end before the text does. */
    public static int longestRunBeforeEnd(String text) {
        String[] tokens = tokens(text);
        int end = tokens.length;
        while (end > 0 && digitsOf(tokens[end - 1]) > 0) {
            end--;
        }
        int longest = 0;
        int run = 0;
        for (int i = 0; i < end; i++) {
            int d = digitsOf(tokens[i]);
            run = d == 0 ? 0 : run + d;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static String[] tokens(String text) {
        return text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+");
    }

    private static int digitsOf(String token) {
        int value = NumberWords.valueOfWord(token);
        return value >= 0 && value <= 9 ? 1 : (int) token.chars().filter(Character::isDigit).count();
    }
}
