package io.callscribe.text.pii;

import java.util.List;
import java.util.Set;

/**
 * Words that say what a nearby short digit string is: card talk makes 3-4 digits a CVV or expiry,
 * social-security talk makes 9 (or the last 4) an SSN. Positions are piece indices.
 */
final class CueWords {

    /** A cue counts for a digit string starting at most this many pieces after it. */
    static final int WINDOW = 20;

    private static final Set<String> CARD = Set.of("card", "cards", "visa", "mastercard", "amex");
    private static final Set<String> CVV = Set.of("cvv", "cvc", "cvv2", "cid");
    private static final Set<String> CVV_BEFORE_CODE = Set.of("security", "verification", "digit");
    private static final Set<String> EXPIRY = Set.of("expiry", "expiration", "expires", "expire", "exp");
    private static final Set<String> SSN = Set.of("social", "ssn");
    private static final Set<String> MONTHS = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    enum Cue { CARD, CVV, EXPIRY, SSN }

    private final List<Piece> pieces;

    CueWords(List<Piece> pieces) {
        this.pieces = pieces;
    }

    /** The cue a piece is, or null. */
    Cue cueAt(int i) {
        Piece p = pieces.get(i);
        if (!p.is(Piece.Kind.WORD)) {
            return null;
        }
        String w = p.text();
        if (CVV.contains(w) || w.equals("code") && i > 0 && CVV_BEFORE_CODE.contains(pieces.get(i - 1).text())) {
            return Cue.CVV;
        }
        if (EXPIRY.contains(w)) {
            return Cue.EXPIRY;
        }
        if (CARD.contains(w)) {
            return Cue.CARD;
        }
        return SSN.contains(w) ? Cue.SSN : null;
    }

    /** Pieces between the nearest cue of this kind and {@code before}, or -1 when none is within {@link #WINDOW}. */
    int distance(Cue cue, int before) {
        for (int i = before - 1; i >= Math.max(0, before - WINDOW); i--) {
            if (cueAt(i) == cue) {
                return before - i;
            }
        }
        return -1;
    }

    /** Whether any card, CVV or expiry cue is within the window before {@code before}. */
    boolean cardTalkBefore(int before) {
        return distance(Cue.CARD, before) > 0 || distance(Cue.CVV, before) > 0 || distance(Cue.EXPIRY, before) > 0;
    }

    boolean anyCardTalk() {
        for (int i = 0; i < pieces.size(); i++) {
            Cue c = cueAt(i);
            if (c == Cue.CARD || c == Cue.CVV || c == Cue.EXPIRY) {
                return true;
            }
        }
        return false;
    }

    boolean isMonth(int i) {
        return i >= 0 && i < pieces.size() && pieces.get(i).is(Piece.Kind.WORD) && MONTHS.contains(pieces.get(i).text());
    }
}
