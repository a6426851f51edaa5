package io.callscribe.text;

/**
 * Spells non-negative integers as English words the way the scoring rules read them: American
 * style, no "and" ({@code 134} is "one hundred thirty four"), no hyphens, and every number read as
 * a cardinal, years included ({@code 1990} is "one thousand nine hundred ninety"), so that both
 * sides of a comparison get one canonical reading.
 */
public final class NumberWords {

    private static final String[] DIGITS = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
    };
    private static final String[] TEENS = {
        "ten", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"
    };
    private static final String[] TENS = {
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"
    };
    // Short scale; Long.MAX_VALUE is about 9.2 quintillion, so these cover every long.
    private static final String[] SCALES = {
        "", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"
    };

    private NumberWords() {}

    /** {@code 0} is "zero", {@code 1001} is "one thousand one", {@code 999999} is "nine hundred ninety nine thousand nine hundred ninety nine". */
    public static String cardinal(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("only non-negative numbers are spelled, got " + n);
        }
        if (n == 0) {
            return DIGITS[0];
        }
        StringBuilder words = new StringBuilder();
        // Highest three-digit group first; a zero group says nothing ("one million one").
        long scaleValue = 1;
        int scale = 0;
        while (n / scaleValue >= 1000) {
            scaleValue *= 1000;
            scale++;
        }
        for (; scale >= 0; scale--, scaleValue /= 1000) {
            int group = (int) (n / scaleValue % 1000);
            if (group == 0) {
                continue;
            }
            appendBelowThousand(words, group);
            if (scale > 0) {
                words.append(' ').append(SCALES[scale]);
            }
        }
        return words.toString();
    }

    /** {@code 1} is "first", {@code 22} is "twenty second", {@code 100} is "one hundredth". */
    public static String ordinal(long n) {
        String cardinal = cardinal(n);
        int lastSpace = cardinal.lastIndexOf(' ');
        String head = cardinal.substring(0, lastSpace + 1);
        return head + ordinalOf(cardinal.substring(lastSpace + 1));
    }

    /**
     * Reads a string of ASCII digits one digit at a time ({@code "0042"} is "zero zero four two"),
     * the way people say card, account and phone numbers.
     */
    public static String digitByDigit(CharSequence digits) {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not an ASCII digit at " + i + ": '" + digits + "'");
            }
            if (words.length() > 0) {
                words.append(' ');
            }
            words.append(DIGITS[c - '0']);
        }
        return words.toString();
    }

    /**
     * The value of a single number word below a hundred: {@code "seven"} is 7, {@code "fifteen"} 15,
     * {@code "forty"} 40; -1 for any other word (including "hundred" and the scale words, which
     * belong to amounts, not to digit strings). Lowercase words, as {@link TranscriptNormalizer} gives them.
     */
    public static int valueOfWord(String word) {
        for (int i = 0; i < DIGITS.length; i++) {
            if (DIGITS[i].equals(word)) {
                return i;
            }
        }
        for (int i = 0; i < TEENS.length; i++) {
            if (TEENS[i].equals(word)) {
                return 10 + i;
            }
        }
        for (int i = 2; i < TENS.length; i++) {
            if (TENS[i].equals(word)) {
                return 10 * i;
            }
        }
        return -1;
    }

    private static void appendBelowThousand(StringBuilder words, int n) {
        int hundreds = n / 100;
        int rest = n % 100;
        if (hundreds > 0) {
            separate(words).append(DIGITS[hundreds]).append(" hundred");
        }
        if (rest >= 20) {
            separate(words).append(TENS[rest / 10]);
            if (rest % 10 > 0) {
                words.append(' ').append(DIGITS[rest % 10]);
            }
        } else if (rest >= 10) {
            separate(words).append(TEENS[rest - 10]);
        } else if (rest > 0) {
            separate(words).append(DIGITS[rest]);
        }
    }

    private static StringBuilder separate(StringBuilder words) {
        return words.length() > 0 ? words.append(' ') : words;
    }

    private static String ordinalOf(String cardinalWord) {
        return switch (cardinalWord) {
            case "one" -> "first";
            case "two" -> "second";
            case "three" -> "third";
            case "five" -> "fifth";
            case "eight" -> "eighth";
            case "nine" -> "ninth";
            case "twelve" -> "twelfth";
            // twenty -> twentieth; four, eleven, hundred, million, zero -> ...th
            default -> cardinalWord.endsWith("y")
                    ? cardinalWord.substring(0, cardinalWord.length() - 1) + "ieth"
                    : cardinalWord + "th";
        };
    }
}
