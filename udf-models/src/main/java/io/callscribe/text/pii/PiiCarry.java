package io.callscribe.text.pii;

/**
 * What one transcript segment of a leg leaves for the next, so that a number spoken across a pause
 * (two segments) is still caught: the digit string still open at the segment's end, as its length
 * and {@link Luhn} sums only, never the digits, and when card talk (a card number, or words such as
 * "card", "expiry", "security code") was last heard. Small and immutable: the live path keeps it as
 * keyed state per leg.
 *
 * @param openDigits digits of the string still open at {@code endMs}; 0 when the segment ended on words
 * @param endMs end of the segment that left this carry, on the leg's clock
 * @param cardTalkAtMs when card talk was last heard, or {@link #NEVER}
 */
public record PiiCarry(int openDigits, Luhn luhn, long endMs, long cardTalkAtMs) {

    public static final long NEVER = Long.MIN_VALUE;
    public static final PiiCarry NONE = new PiiCarry(0, Luhn.EMPTY, NEVER, NEVER);

    /** A digit string continues into the next segment after a pause of at most this long. */
    public static final long MAX_DIGIT_PAUSE_MS = 10_000;
    /** A 3-4 digit string this long after card talk is read as a CVV or expiry. */
    public static final long CARD_TALK_MEMORY_MS = 60_000;

    public PiiCarry {
        if (openDigits < 0) {
            throw new IllegalArgumentException("openDigits must be >= 0, got " + openDigits);
        }
    }

    public boolean isEmpty() {
        return openDigits == 0 && cardTalkAtMs == NEVER;
    }

    /**
     * What of this carry applies to a segment starting at {@code startMs}: nothing to a segment that
     * started before this one ended (results can come back out of order), the open digits only after
     * a short enough pause, the card talk only while it is recent.
     */
    public PiiCarry continuingAt(long startMs) {
        if (isEmpty() || startMs < endMs) {
            return NONE;
        }
        boolean digitsContinue = openDigits > 0 && startMs - endMs <= MAX_DIGIT_PAUSE_MS;
        boolean cardTalkRecent = cardTalkAtMs != NEVER && startMs - cardTalkAtMs <= CARD_TALK_MEMORY_MS;
        return new PiiCarry(digitsContinue ? openDigits : 0, digitsContinue ? luhn : Luhn.EMPTY, endMs,
                cardTalkRecent ? cardTalkAtMs : NEVER);
    }

    /** Whether a segment starting at {@code startMs} comes after the one that left this carry. */
    public boolean precedes(long startMs) {
        return isEmpty() || startMs >= endMs;
    }
}
