package io.callscribe.pii;

import io.callscribe.text.NumberWords;
import java.util.Locale;

/** Counts what of a spoken number a text still shows: digit words and written digits. */
public final class SpokenNumberCheck {

    private SpokenNumberCheck() {}

    /** Digits in a text: one per digit word ("five"), one per written digit ("4556" is four). */
    public static int digits(String text) {
        int n = 0;
        for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            int value = NumberWords.valueOfWord(token);
            if (value >= 0 && value <= 9) {
                n++;
            } else {
                n += (int) token.chars().filter(Character::isDigit).count();
            }
        }
        return n;
    }
}
