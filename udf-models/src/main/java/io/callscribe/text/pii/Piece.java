package io.callscribe.text.pii;

/**
 * One reading unit of a transcript word for PII detection: a word can give several ("twenty-four"
 * gives two) or none (fillers, punctuation).
 *
 * @param word index of the transcript word it came from
 * @param text the normalized word (lowercase, no surrounding punctuation)
 * @param digits what it says as digits ("7", "24", "4556"), empty for other kinds
 */
record Piece(int word, Kind kind, String text, String digits) {

    enum Kind {
        /** A digit word or "oh"/"o" between digits: one digit. */
        DIGIT,
        /** "to", "for", "won", "ate", "oh": a digit only between digits or before a digit string. */
        MAYBE_DIGIT,
        /** "ten".."ninety nine": two digits; a digit string of pairs alone needs {@link DigitRunReader#MIN_PAIRS_ALONE}. */
        PAIR,
        /** Written digits ("4556", "555-1234"; digit groups are kept in {@code text}). */
        NUMERAL,
        /** Written month/year ("07/26"). */
        SLASHED,
        /** "double", "triple" before a digit. */
        MULTIPLIER,
        /** "dash", "hyphen": said inside phone numbers. */
        DASH,
        /** "slash": said inside expiry dates. */
        SLASH,
        /** "at" or "@". */
        AT,
        /** "dot". */
        DOT,
        /** A written domain ("gmail.com"). */
        DOMAIN,
        /** A written e-mail address. */
        EMAIL,
        /** Money, decimals, percentages, ordinals: amounts, which end a digit string. */
        AMOUNT,
        /** Any other word. */
        WORD
    }

    boolean is(Kind k) {
        return kind == k;
    }
}
