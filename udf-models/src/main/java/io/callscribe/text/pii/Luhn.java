package io.callscribe.text.pii;

/**
 * The Luhn check of card numbers, kept as two running sums so that a number split across two
 * transcript segments can be checked without keeping its digits: {@code even} is the digits' Luhn
 * sum if they end the number, {@code odd} the sum if an odd number of digits follows them. Both
 * are kept mod 10.
 */
public record Luhn(int even, int odd) {

    public static final Luhn EMPTY = new Luhn(0, 0);

    public static Luhn of(CharSequence digits) {
        int even = 0;
        int odd = 0;
        for (int i = digits.length() - 1, fromRight = 0; i >= 0; i--, fromRight++) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not a digit string: position " + i);
            }
            int doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
            even += fromRight % 2 == 1 ? doubled : d;
            odd += fromRight % 2 == 0 ? doubled : d;
        }
        return new Luhn(even % 10, odd % 10);
    }

    /** The sums of these digits followed by {@code suffixLength} digits whose sums are {@code suffix}. */
    public Luhn followedBy(Luhn suffix, int suffixLength) {
        boolean shifted = suffixLength % 2 == 1;
        return new Luhn((suffix.even + (shifted ? odd : even)) % 10, (suffix.odd + (shifted ? even : odd)) % 10);
    }

    /** Whether the digits, as a whole number, pass the check. */
    public boolean valid() {
        return even == 0;
    }
}
