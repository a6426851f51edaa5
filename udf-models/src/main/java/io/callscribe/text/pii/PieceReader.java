package io.callscribe.text.pii;

import io.callscribe.text.NumberWords;
import io.callscribe.text.TranscriptNormalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns transcript words into {@link Piece}s. Words without digits or e-mail characters go through
 * the scoring normalizer ({@link TranscriptNormalizer}: case, apostrophes, hyphens, fillers), so PII
 * detection reads words exactly as evaluation does; written numerals are read here, because the
 * normalizer would spell "4556" as a cardinal.
 */
final class PieceReader implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[\\p{Punct}&&[^$@(]]+|[\\p{Punct}&&[^%)]]+$");
    private static final Pattern EMAIL = Pattern.compile("[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(" + EmailFinder.TOP_LEVEL_DOMAINS + ")");
    // money, thousands separators, decimals (one or two places: "3.5", "4.25"), percentages, ordinals:
    // amounts, not digit strings; "120.457" is digit groups
    private static final Pattern AMOUNT = Pattern.compile("\\$|\\d,\\d{3}|^\\d+\\.\\d{1,2}$|%|\\d(st|nd|rd|th)$");
    private static final Pattern SLASHED = Pattern.compile("(\\d{1,2})/(\\d{2}|\\d{4})");
    // digit groups joined by hyphens or dots: "555-123-4567", "4556.7375.8689.9855"
    private static final Pattern NUMERAL = Pattern.compile("\\(?\\d+\\)?([-.]\\d+)*");
    private static final Pattern GLUED_DIGITS = Pattern.compile("\\d[a-z0-9.-]*\\d");
    /**
     * A word of digits with letters inside ("45567c758", "5-5-1-2-p-4-5": a misheard digit) is read as
     * digits once it has this many.
     */
    private static final int MIN_GLUED_DIGITS = 4;

    private static final Map<String, String> MAYBE_DIGITS = Map.of(
            "oh", "0", "o", "0", "won", "1", "to", "2", "too", "2", "for", "4", "fore", "4", "ate", "8");

    private final TranscriptNormalizer normalizer = new TranscriptNormalizer();

    List<Piece> read(List<String> words) {
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String bare = EDGE_PUNCTUATION.matcher(words.get(i).toLowerCase(Locale.ROOT)).replaceAll("");
            if (bare.isEmpty()) {
                continue;
            }
            if (EMAIL.matcher(bare).matches()) {
                pieces.add(new Piece(i, Piece.Kind.EMAIL, bare, ""));
            } else if (bare.equals("@")) {
                pieces.add(new Piece(i, Piece.Kind.AT, bare, ""));
            } else if (DOMAIN.matcher(bare).matches()) {
                pieces.add(new Piece(i, Piece.Kind.DOMAIN, bare, ""));
            } else if (bare.chars().anyMatch(Character::isDigit)) {
                pieces.add(numeric(i, bare));
            } else {
                for (String w : normalizer.words(bare)) {
                    pieces.add(word(i, w));
                }
            }
        }
        return pieces;
    }

    private static Piece numeric(int word, String bare) {
        if (AMOUNT.matcher(bare).find()) {
            return new Piece(word, Piece.Kind.AMOUNT, bare, "");
        }
        var slashed = SLASHED.matcher(bare);
        if (slashed.matches()) {
            return new Piece(word, Piece.Kind.SLASHED, bare, slashed.group(1) + slashed.group(2));
        }
        String digits = bare.replaceAll("\\D", "");
        boolean written = NUMERAL.matcher(bare).matches();
        boolean glued = GLUED_DIGITS.matcher(bare).matches() && digits.length() >= MIN_GLUED_DIGITS;
        return written || glued ? new Piece(word, Piece.Kind.NUMERAL, bare, digits) : new Piece(word, Piece.Kind.WORD, bare, "");
    }

    private static Piece word(int word, String w) {
        int value = NumberWords.valueOfWord(w);
        if (value >= 0 && value <= 9) {
            return new Piece(word, Piece.Kind.DIGIT, w, Integer.toString(value));
        }
        if (value >= 10) {
            return new Piece(word, Piece.Kind.PAIR, w, Integer.toString(value));
        }
        if (MAYBE_DIGITS.containsKey(w)) {
            return new Piece(word, Piece.Kind.MAYBE_DIGIT, w, MAYBE_DIGITS.get(w));
        }
        Piece.Kind kind = switch (w) {
            case "double", "triple" -> Piece.Kind.MULTIPLIER;
            case "dash", "hyphen" -> Piece.Kind.DASH;
            case "slash" -> Piece.Kind.SLASH;
            case "at" -> Piece.Kind.AT;
            case "dot" -> Piece.Kind.DOT;
            default -> Piece.Kind.WORD;
        };
        return new Piece(word, kind, w, "");
    }
}
