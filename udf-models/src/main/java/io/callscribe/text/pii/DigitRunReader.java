package io.callscribe.text.pii;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Finds the {@link DigitRun}s of a piece list. */
final class DigitRunReader {

    /** Pairs alone ("forty five fifty six seventy three ...") are a digit string from this many on. */
    static final int MIN_PAIRS_ALONE = 4;
    /** "to", "for", ... start a digit string only when this many digits follow them. */
    private static final int DIGITS_AFTER_HOMOPHONE = 3;
    /**
     * Digit strings with at most this many ordinary words between them are one: a recognizer hears
     * digits said one by one as words now and then ("six feet, takes two, one, four, eight"). Cue
     * words, month names, "and" and "or" separate two strings instead ("card ... expires ...").
     */
    static final int MAX_BRIDGED_WORDS = 2;
    private static final Set<String> SEPARATING_WORDS = Set.of("and", "or");

    private DigitRunReader() {}

    static List<DigitRun> read(List<Piece> pieces) {
        List<DigitRun> runs = new ArrayList<>();
        Builder run = null;
        int i = 0;
        while (i < pieces.size()) {
            Step step = stepAt(pieces, i, run != null && run.toPiece == i);
            if (step != null) {
                if (run == null) {
                    run = new Builder(i, pieces.get(i).word());
                }
                run.add(step, pieces.get(i + step.pieces - 1).word());
                i += step.pieces;
                continue;
            }
            Piece p = pieces.get(i);
            boolean separator = p.is(Piece.Kind.DASH) || p.is(Piece.Kind.SLASH);
            if (run != null && separator && stepAt(pieces, i + 1, true) != null) {
                if (p.is(Piece.Kind.SLASH) && run.slashAt < 0) {
                    run.slashAt = run.digits.length();
                }
                run.toPiece = i + 1;
                i++;
                continue;
            }
            if (run != null) {
                runs.add(run.build());
                run = null;
            }
            i++;
        }
        if (run != null) {
            runs.add(run.build());
        }
        return bridged(runs, pieces, new CueWords(pieces));
    }

    private static List<DigitRun> bridged(List<DigitRun> runs, List<Piece> pieces, CueWords cues) {
        List<DigitRun> out = new ArrayList<>();
        for (DigitRun run : runs) {
            DigitRun last = out.isEmpty() ? null : out.get(out.size() - 1);
            boolean bothSpokenDigits = last != null && last.digitByDigit() && run.digitByDigit(); // not years ("twenty twenty")
            if (bothSpokenDigits && onlyPlainWords(pieces, cues, last.toPiece(), run.fromPiece())) {
                out.set(out.size() - 1, new DigitRun(last.fromPiece(), run.toPiece(), last.fromWord(), run.toWord(),
                        last.digits() + run.digits(), last.slashAt() >= 0 ? last.slashAt() : run.slashAt() < 0 ? -1 : last.length() + run.slashAt(),
                        List.of(), true, last.readings() + run.readings()));
            } else {
                out.add(run);
            }
        }
        return out;
    }

    /** Whether pieces [from, to) are at most {@link #MAX_BRIDGED_WORDS} ordinary words, as a misheard digit may be. */
    static boolean onlyPlainWords(List<Piece> pieces, CueWords cues, int from, int to) {
        if (to - from > MAX_BRIDGED_WORDS) {
            return false;
        }
        for (int i = from; i < to; i++) {
            Piece p = pieces.get(i);
            boolean plain = (p.is(Piece.Kind.WORD) || p.is(Piece.Kind.MAYBE_DIGIT)) && cues.cueAt(i) == null && !cues.isMonth(i)
                    && !SEPARATING_WORDS.contains(p.text());
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /** What the pieces from {@code i} say as digits, or null. */
    private static Step stepAt(List<Piece> pieces, int i, boolean inRun) {
        if (i >= pieces.size()) {
            return null;
        }
        Piece p = pieces.get(i);
        switch (p.kind()) {
            case DIGIT:
                return new Step(p.digits(), 1, Step.SINGLE, -1, List.of());
            case NUMERAL:
                return new Step(p.digits(), 1, Step.SINGLE, -1, groups(p.text()));
            case SLASHED: {
                int month = p.text().indexOf('/');
                return new Step(p.digits(), 1, Step.SINGLE, month, List.of());
            }
            case PAIR: {
                int value = Integer.parseInt(p.digits());
                Piece next = i + 1 < pieces.size() ? pieces.get(i + 1) : null;
                boolean unitFollows = value >= 20 && value % 10 == 0 && next != null && next.is(Piece.Kind.DIGIT) && !next.digits().equals("0");
                return unitFollows ? new Step(Integer.toString(value + Integer.parseInt(next.digits())), 2, Step.PAIR, -1, List.of())
                        : new Step(p.digits(), 1, Step.PAIR, -1, List.of());
            }
            case MULTIPLIER: {
                Piece next = i + 1 < pieces.size() ? pieces.get(i + 1) : null;
                boolean digitFollows = next != null && (next.is(Piece.Kind.DIGIT) || next.is(Piece.Kind.MAYBE_DIGIT) && next.digits().equals("0"));
                int times = p.text().equals("double") ? 2 : 3;
                return digitFollows ? new Step(next.digits().repeat(times), 2, Step.SINGLE, -1, List.of()) : null;
            }
            case MAYBE_DIGIT: {
                boolean oh = p.digits().equals("0");
                boolean nextIsDigit = isDigit(pieces, i + 1);
                boolean startsRun = nextIsDigit && isDigit(pieces, i + 2) && isDigit(pieces, i + DIGITS_AFTER_HOMOPHONE);
                boolean digit = oh ? inRun || nextIsDigit : inRun && nextIsDigit || startsRun;
                return digit ? new Step(p.digits(), 1, Step.SINGLE, -1, List.of()) : null;
            }
            default:
                return null;
        }
    }

    private static boolean isDigit(List<Piece> pieces, int i) {
        if (i >= pieces.size()) {
            return false;
        }
        Piece.Kind k = pieces.get(i).kind();
        return k == Piece.Kind.DIGIT || k == Piece.Kind.NUMERAL || k == Piece.Kind.PAIR || k == Piece.Kind.MULTIPLIER;
    }

    private static List<Integer> groups(String numeral) {
        String[] parts = numeral.replaceAll("[()]", "").split("[-.]");
        return parts.length < 2 ? List.of() : Arrays.stream(parts).map(String::length).toList();
    }

    /** One reading: its digits, how many pieces it took, and how it was said. */
    private record Step(String digits, int pieces, int form, int slashAt, List<Integer> groups) {
        static final int SINGLE = 0;
        static final int PAIR = 1;
    }

    private static final class Builder {
        final int fromPiece;
        final int fromWord;
        int toPiece;
        int toWord;
        final StringBuilder digits = new StringBuilder();
        int slashAt = -1;
        int singles;
        int pairs;
        int steps;
        List<Integer> groups = List.of();

        Builder(int fromPiece, int fromWord) {
            this.fromPiece = fromPiece;
            this.toPiece = fromPiece;
            this.fromWord = fromWord;
        }

        void add(Step step, int lastWord) {
            if (step.slashAt >= 0 && slashAt < 0) {
                slashAt = digits.length() + step.slashAt;
            }
            digits.append(step.digits);
            toPiece += step.pieces;
            toWord = lastWord + 1;
            if (step.form == Step.PAIR) {
                pairs++;
            } else {
                singles++;
            }
            groups = ++steps == 1 ? step.groups : List.of();
        }

        DigitRun build() {
            return new DigitRun(fromPiece, toPiece, fromWord, toWord, digits.toString(), slashAt, groups,
                    singles > 0 || pairs >= MIN_PAIRS_ALONE, steps);
        }
    }
}
