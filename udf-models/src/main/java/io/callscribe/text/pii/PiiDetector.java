package io.callscribe.text.pii;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds card numbers, CVVs and expiry dates, SSNs, phone numbers, e-mail addresses and other long
 * digit strings in recognized speech, spoken ("four five five six", "oh", "double five", "nine
 * one two three", "jo at example dot com") or written ("4556", "555-123-4567", "07/26").
 *
 * <p>Rules for a digit string of n digits (see {@link PiiCategory}):
 * <ul>
 *   <li>13-19: a card when it passes the Luhn check, or when card talk precedes it (a recognizer
 *       that drops or mishears one digit breaks the check); otherwise a number. Either way it is
 *       sensitive: the check decides the category, not whether the string is redacted;
 *   <li>9: an SSN after social-security talk or written 3-2-4, else a number; 7, 10, 11: a phone
 *       number; 8, 12 and over 19: a number;
 *   <li>3-4 in card talk (card words within {@value CueWords#WINDOW} words, a card number just
 *       before, or card talk in the leg's last minute): a CVV, or an expiry when expiry words are
 *       nearer and it reads as a month and year; 5-6 in card talk: a number (a card number the
 *       recognizer broke up); 4 after social-security talk: an SSN;
 *   <li>a string still open at the segment's end with at least {@value #MIN_OPEN_DIGITS} digits:
 *       a number, because the speaker may go on in the next segment (below); not a lone numeral,
 *       which the recognizer wrote as one number ("in about 1455").
 * </ul>
 * Strings said as pairs only ("twenty twenty four", "forty five") are years and amounts, not digit
 * strings, unless there are {@value DigitRunReader#MIN_PAIRS_ALONE} pairs or card talk precedes
 * them; amounts ("$134", "1,250", "one hundred") end a digit string.
 *
 * <p>Across segments: a pause of 500 ms ends a segment, and people pause inside card numbers. A
 * digit string open at a segment's end is carried ({@link PiiCarry}: its length and Luhn sums, not
 * its digits) and joined to a string that opens the next segment, so "4556 7375 8689" + "9855" is
 * still one card. The earlier segment has already been emitted by then, so its open string is
 * redacted on its own account: from {@value #MIN_OPEN_DIGITS} digits on. An open string of 1-3
 * spoken digits, or one written group, is emitted as recognized; if it turns out to start a card
 * number, what was shown is its first group, within the first six digits that PCI DSS allows to be
 * displayed (with the last four).
 */
public final class PiiDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    /** An open digit string at a segment's end is redacted from this many digits on. */
    public static final int MIN_OPEN_DIGITS = 4;

    private final PieceReader reader = new PieceReader();

    /** The spans of one self-contained text (no earlier segment). */
    public PiiDetection detect(List<String> words) {
        return detect(words, PiiCarry.NONE, 0, 0);
    }

    /**
     * The spans of one segment of a leg, given what the leg's previous segment left.
     *
     * @param startMs the segment's start, on the same clock as {@code previous}
     * @param endMs the segment's end; the returned carry ends there
     */
    public PiiDetection detect(List<String> words, PiiCarry previous, long startMs, long endMs) {
        List<Piece> pieces = reader.read(words);
        if (pieces.isEmpty()) {
            return new PiiDetection(List.of(), previous); // silence or fillers: the previous string may go on
        }
        PiiCarry carry = previous.continuingAt(startMs);
        CueWords cues = new CueWords(pieces);
        List<int[]> emails = EmailFinder.find(pieces);
        List<PiiSpan> spans = new ArrayList<>();
        emails.forEach(e -> spans.add(new PiiSpan(e[0], e[1], PiiCategory.EMAIL)));

        int cardNumberEnd = -1;
        int openDigits = 0;
        Luhn openLuhn = Luhn.EMPTY;
        for (DigitRun run : DigitRunReader.read(pieces)) {
            if (emails.stream().anyMatch(e -> run.fromWord() < e[1] && e[0] < run.toWord())) {
                continue;
            }
            // Open at the segment's end; in a string the recognizer already misheard digits of, also when what
            // follows may be its misheard last digits ("six feet, takes two, one, four, eight feet").
            boolean trailing = run.toPiece() == pieces.size()
                    || hasBridgedWords(pieces, run) && DigitRunReader.onlyPlainWords(pieces, cues, run.toPiece(), pieces.size());
            boolean cardTalk = carry.cardTalkAtMs() != PiiCarry.NEVER || cues.cardTalkBefore(run.fromPiece())
                    || cardNumberEnd >= 0 && run.fromPiece() - cardNumberEnd <= CueWords.WINDOW;
            Context context = new Context(cardTalk, cues.distance(CueWords.Cue.CVV, run.fromPiece()),
                    cues.distance(CueWords.Cue.EXPIRY, run.fromPiece()), cues.distance(CueWords.Cue.SSN, run.fromPiece()) > 0);
            Luhn luhn = Luhn.of(run.digits());
            PiiCategory category = null;
            if (run.fromPiece() == 0 && carry.openDigits() > 0) {
                int joined = carry.openDigits() + run.length();
                Luhn joinedLuhn = carry.luhn().followedBy(luhn, run.length());
                category = classify(joined, joinedLuhn, run, context, trailing, true);
                if (trailing) {
                    openDigits = joined;
                    openLuhn = joinedLuhn;
                }
            } else if (trailing && run.digitByDigit()) {
                openDigits = run.length();
                openLuhn = luhn;
            }
            if (category == null) {
                category = classify(run.length(), luhn, run, context, trailing, false);
            }
            int fromWord = run.fromWord();
            if (cardTalk && cues.isMonth(run.fromPiece() - 1) && (run.length() == 2 || run.length() == 4)) {
                category = PiiCategory.EXPIRY; // "july twenty six"
                fromWord = pieces.get(run.fromPiece() - 1).word();
            }
            if (category != null) {
                spans.add(new PiiSpan(fromWord, run.toWord(), category));
                if (category == PiiCategory.CARD) {
                    cardNumberEnd = run.toPiece();
                }
            }
        }
        spans.sort(Comparator.comparingInt(PiiSpan::from));
        boolean cardTalkHere = cardNumberEnd >= 0 || cues.anyCardTalk();
        return new PiiDetection(spans, new PiiCarry(openDigits, openLuhn, endMs, cardTalkHere ? endMs : carry.cardTalkAtMs()));
    }

    private static boolean hasBridgedWords(List<Piece> pieces, DigitRun run) {
        for (int i = run.fromPiece(); i < run.toPiece(); i++) {
            if (pieces.get(i).is(Piece.Kind.WORD)) {
                return true;
            }
        }
        return false;
    }

    /** What surrounds a digit string: cue distances in pieces, -1 for none in the window. */
    private record Context(boolean cardTalk, int cvvCue, int expiryCue, boolean ssnTalk) {}

    /**
     * @param n digits, with those carried from the previous segment when {@code joined}
     * @param joined whether the string continues the previous segment's (its written shape is then unknown)
     */
    private static PiiCategory classify(int n, Luhn luhn, DigitRun run, Context c, boolean trailing, boolean joined) {
        if (!joined && run.slashAt() > 0 && (c.cardTalk || c.expiryCue > 0) && isMonthYear(run.digits(), run.slashAt())) {
            return PiiCategory.EXPIRY;
        }
        if (!joined && !run.digitByDigit()) {
            return c.cardTalk && (n == 3 || n == 4) ? shortCardNumber(run, c, false) : null;
        }
        if (n >= 13 && n <= 19) {
            return luhn.valid() || c.cardTalk ? PiiCategory.CARD : PiiCategory.NUMBER;
        }
        if (n == 9) {
            return c.ssnTalk || !joined && run.groups().equals(List.of(3, 2, 4)) ? PiiCategory.SSN : PiiCategory.NUMBER;
        }
        if (n == 7 || n == 10 || n == 11) {
            return PiiCategory.PHONE;
        }
        if (n >= 7) {
            return PiiCategory.NUMBER;
        }
        if (n == 4 && c.ssnTalk) {
            return PiiCategory.SSN;
        }
        if ((n == 3 || n == 4) && (c.cardTalk || c.cvvCue > 0 || c.expiryCue > 0)) {
            // at a segment's end, without CVV or expiry words, it is as likely the start of a card number
            return trailing && c.cvvCue < 0 && c.expiryCue < 0 ? PiiCategory.NUMBER : shortCardNumber(run, c, joined);
        }
        if (n >= 5 && c.cardTalk) {
            return PiiCategory.NUMBER; // part of a card number the recognizer broke up
        }
        // a lone numeral is a number the recognizer wrote as one ("about 1455"), not one still being said
        return trailing && n >= MIN_OPEN_DIGITS && (joined || run.readings() > 1) ? PiiCategory.NUMBER : null;
    }

    /** A CVV, or an expiry where expiry words are nearer than CVV words and the digits read as month and year. */
    private static PiiCategory shortCardNumber(DigitRun run, Context c, boolean joined) {
        boolean expiryNearer = c.expiryCue > 0 && (c.cvvCue < 0 || c.expiryCue < c.cvvCue);
        int monthDigits = run.length() == 3 ? 1 : 2;
        return expiryNearer && !joined && isMonthYear(run.digits(), monthDigits) ? PiiCategory.EXPIRY : PiiCategory.CVV;
    }

    /** "0726" with 2 month digits, "726" with 1: a month 1-12 and a two- or four-digit year. */
    private static boolean isMonthYear(String digits, int monthDigits) {
        int yearDigits = digits.length() - monthDigits;
        if (monthDigits < 1 || monthDigits > 2 || yearDigits != 2 && yearDigits != 4) {
            return false;
        }
        int month = Integer.parseInt(digits.substring(0, monthDigits));
        return month >= 1 && month <= 12;
    }
}
