package io.callscribe.text.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * E-mail addresses, written ({@code jo.smith@example.com}) or spoken ({@code jo smith at example
 * dot com}, {@code j o at gmail.com}). A spoken address needs a known top-level domain after "dot",
 * so "at eleven" or "at the bank" never match; its local part is the up to
 * {@value #MAX_LOCAL_PIECES} words before "at", stopping at words that introduce it ("my e-mail is").
 */
final class EmailFinder {

    static final String TOP_LEVEL_DOMAINS = "com|net|org|edu|gov|mil|io|co|us|uk|ca|au|de|fr|info|biz|me|ai|app|dev|tv";
    private static final Set<String> TLDS = Set.of(TOP_LEVEL_DOMAINS.split("\\|"));
    private static final int MAX_LOCAL_PIECES = 4;
    private static final int MAX_DOMAIN_WORDS = 3;
    private static final Set<String> NOT_LOCAL = Set.of("is", "was", "its", "it", "email", "e", "mail", "address", "my",
            "me", "to", "the", "at", "and", "or", "send", "use", "under", "yes", "yeah", "sure", "ok", "so", "thats", "that",
            "be", "would", "please", "for", "reach", "contact", "i", "you", "your");

    private EmailFinder() {}

    /** Word spans of the addresses, in order. */
    static List<int[]> find(List<Piece> pieces) {
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (p.is(Piece.Kind.EMAIL)) {
                spans.add(new int[] {p.word(), p.word() + 1});
            } else if (p.is(Piece.Kind.AT)) {
                int domainEnd = domainEnd(pieces, i + 1);
                int localStart = localStart(pieces, i);
                if (domainEnd > i && localStart < i) {
                    spans.add(new int[] {pieces.get(localStart).word(), pieces.get(domainEnd).word() + 1});
                    i = domainEnd;
                }
            }
        }
        return spans;
    }

    /** Index of the domain's last piece, or -1 when what follows "at" is no domain. */
    private static int domainEnd(List<Piece> pieces, int from) {
        if (from < pieces.size() && pieces.get(from).is(Piece.Kind.DOMAIN)) {
            return from;
        }
        int i = from;
        int names = 0;
        while (i < pieces.size() && pieces.get(i).is(Piece.Kind.WORD) && names < MAX_DOMAIN_WORDS) {
            i++;
            names++;
        }
        int end = -1;
        while (names > 0 && i + 1 < pieces.size() && pieces.get(i).is(Piece.Kind.DOT)
                && (pieces.get(i + 1).is(Piece.Kind.WORD) || pieces.get(i + 1).is(Piece.Kind.DOMAIN))) {
            if (TLDS.contains(pieces.get(i + 1).text()) || pieces.get(i + 1).is(Piece.Kind.DOMAIN)) {
                end = i + 1;
            }
            i += 2;
        }
        return end;
    }

    /** Index of the local part's first piece; {@code at} itself when there is none. */
    private static int localStart(List<Piece> pieces, int at) {
        int start = at;
        while (start > 0 && at - start < MAX_LOCAL_PIECES && isLocalPart(pieces.get(start - 1))) {
            start--;
        }
        return start;
    }

    private static boolean isLocalPart(Piece p) {
        return switch (p.kind()) {
            case WORD, MAYBE_DIGIT -> !NOT_LOCAL.contains(p.text());
            case DIGIT, PAIR, NUMERAL, DOT -> true;
            default -> false;
        };
    }
}
