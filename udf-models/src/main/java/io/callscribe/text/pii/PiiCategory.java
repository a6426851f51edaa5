package io.callscribe.text.pii;

import java.util.Locale;

/** What a sensitive span is; its {@link #wireName()} marks words in the transcript contract. */
public enum PiiCategory {
    /** 13-19 digits that pass the Luhn check, or fail it where card talk makes a misheard card number likely. */
    CARD,
    /** 3-4 digits in a card's context. */
    CVV,
    /** A month and year in a card's context ({@code oh seven slash two six}, {@code 07/26}, {@code july twenty six}). */
    EXPIRY,
    /** 9 digits after social-security talk or written 3-2-4, or the last four after such talk. */
    SSN,
    /** 7, 10 or 11 digits. */
    PHONE,
    /** Written ({@code jo@example.com}) or spoken ({@code jo at example dot com}). */
    EMAIL,
    /**
     * Any other digit string long enough to identify someone (7 digits and more: account, routing,
     * member numbers), and a digit string still open at a segment's end (see {@link PiiDetector}).
     */
    NUMBER;

    /** {@code card}, {@code cvv}, ...: the {@code pii} value of a marked word. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a redacted span reads as: {@code [card]}. */
    public String placeholder() {
        return "[" + wireName() + "]";
    }
}
