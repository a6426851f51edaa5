package io.callscribe.models.asr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Text to token ids with SentencePiece's BPE rule, over the vocabulary alone: start from single
 * characters and repeatedly merge the adjacent pair whose concatenation is the best-ranked piece
 * (equal ranks left to right); characters the vocabulary lacks become their UTF-8 byte pieces.
 * The LLaMA vocabulary lists its pieces by descending merge score, so a piece's id is its rank,
 * except that runs of word markers ({@code ▁▁}, ...) score lowest of all and merge last;
 * {@code tokens.txt} carries no scores and needs none. Checked against llama-tokenizer-js's own
 * test cases. Thread-safe.
 */
public final class SentencePieceEncoder {

    private final Vocabulary vocabulary;

    public SentencePieceEncoder(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /**
     * Token ids of {@code text} as it would appear inside a transcript: each space is a word start
     * ({@code ▁}). No dummy prefix is added; pass a leading space for a word that starts a word.
     */
    public int[] encode(String text) {
        String marked = text.replace(' ', Vocabulary.WORD_START);
        List<Symbol> symbols = new ArrayList<>();
        for (int i = 0; i < marked.length(); ) {
            int cp = marked.codePointAt(i);
            int next = i + Character.charCount(cp);
            String piece = marked.substring(i, next);
            symbols.add(new Symbol(piece, vocabulary.id(piece), symbols.size()));
            i = next;
        }
        for (int i = 0; i < symbols.size(); i++) {
            symbols.get(i).prev = i > 0 ? symbols.get(i - 1) : null;
            symbols.get(i).next = i + 1 < symbols.size() ? symbols.get(i + 1) : null;
        }
        PriorityQueue<Merge> agenda = new PriorityQueue<>();
        for (Symbol s : symbols) {
            offer(agenda, s);
        }
        while (!agenda.isEmpty()) {
            Merge m = agenda.poll();
            Symbol left = m.left;
            Symbol right = left.next;
            // stale: one side has merged since this pair was offered
            if (left.removed || right == null || right.removed || left.version != m.leftVersion || right.version != m.rightVersion) {
                continue;
            }
            left.piece = left.piece + right.piece;
            left.id = m.id;
            left.version++;
            right.removed = true;
            left.next = right.next;
            if (right.next != null) {
                right.next.prev = left;
            }
            if (left.prev != null) {
                offer(agenda, left.prev);
            }
            offer(agenda, left);
        }
        List<Integer> ids = new ArrayList<>();
        for (Symbol s = symbols.isEmpty() ? null : symbols.get(0); s != null; s = s.next) {
            if (s.id >= 0) {
                ids.add(s.id);
            } else {
                for (byte b : s.piece.getBytes(StandardCharsets.UTF_8)) {
                    ids.add(vocabulary.byteToken(b & 0xFF));
                }
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the vocabulary has a piece for this character, i.e. it needs no byte fallback. */
    public boolean hasPiece(int codePoint) {
        String piece = codePoint == ' ' ? String.valueOf(Vocabulary.WORD_START) : Character.toString(codePoint);
        return vocabulary.id(piece) >= 0;
    }

    private void offer(PriorityQueue<Merge> agenda, Symbol left) {
        Symbol right = left.next;
        if (right == null || left.id < 0 || right.id < 0) {
            return;
        }
        String merged = left.piece + right.piece;
        int id = vocabulary.id(merged);
        if (id >= 0) {
            agenda.add(new Merge(left, left.version, right.version, id, markersOnly(merged) ? Integer.MAX_VALUE : id));
        }
    }

    private static boolean markersOnly(String piece) {
        return piece.chars().allMatch(c -> c == Vocabulary.WORD_START);
    }

    private static final class Symbol {
        String piece;
        int id;
        final int position;
        int version;
        boolean removed;
        Symbol prev;
        Symbol next;

        Symbol(String piece, int id, int position) {
            this.piece = piece;
            this.id = id;
            this.position = position;
        }
    }

    /** A possible merge of {@code left} with its right neighbour; best rank first, then leftmost. */
    private record Merge(Symbol left, int leftVersion, int rightVersion, int id, int rank) implements Comparable<Merge> {
        @Override
        public int compareTo(Merge o) {
            return rank != o.rank ? Integer.compare(rank, o.rank) : Integer.compare(left.position, o.left.position);
        }
    }
}
