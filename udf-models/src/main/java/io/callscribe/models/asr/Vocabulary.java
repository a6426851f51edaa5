package io.callscribe.models.asr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moonshine's SentencePiece vocabulary (the LLaMA one): {@code tokens.txt}, one piece per line, line
 * index = token id. Pieces {@code <0x00>..<0xFF>} are raw bytes; U+2581 marks a word start.
 */
public final class Vocabulary {

    public static final int UNKNOWN = 0;
    public static final int START = 1;
    public static final int END = 2;
    static final char WORD_START = '\u2581';

    private final String[] pieces;
    /** For byte pieces the byte value, else -1. */
    private final int[] byteValue;
    private final Map<String, Integer> idByPiece;
    /** Token id of each byte value's piece. */
    private final int[] byteToken = new int[256];

    private Vocabulary(List<String> lines) {
        this.pieces = lines.toArray(String[]::new);
        this.byteValue = new int[pieces.length];
        this.idByPiece = new HashMap<>(pieces.length * 2);
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            byteValue[i] = p.length() == 6 && p.startsWith("<0x") && p.endsWith(">")
                    ? Integer.parseInt(p.substring(3, 5), 16) : -1;
            if (byteValue[i] >= 0) {
                byteToken[byteValue[i]] = i;
            } else if (!isControl(i)) {
                idByPiece.putIfAbsent(p, i);
            }
        }
    }

    public static Vocabulary load(Path tokensFile) {
        try {
            // split on '\n' alone: some pieces end in '\r' (",\r"), which readAllLines would drop
            List<String> lines = List.of(Files.readString(tokensFile, StandardCharsets.UTF_8).split("\n", -1));
            if (lines.size() < 259 || !"<unk>".equals(lines.get(0)) || !"</s>".equals(lines.get(2))
                    || !"<0x00>".equals(lines.get(3)) || !"<0xFF>".equals(lines.get(258))) {
                throw new IllegalArgumentException(tokensFile
                        + " is not a SentencePiece vocabulary (expected <unk>, <s>, </s>, then the byte pieces <0x00>..<0xFF>)");
            }
            return new Vocabulary(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vocabulary " + tokensFile, e);
        }
    }

    public int size() {
        return pieces.length;
    }

    public String piece(int id) {
        return pieces[id];
    }

    /** Id of a text piece (not a control or byte piece), or -1 when the vocabulary has no such piece. */
    public int id(String piece) {
        Integer id = idByPiece.get(piece);
        return id == null ? -1 : id;
    }

    /** Id of the byte-fallback piece {@code <0xXX>} of one byte value (0..255). */
    public int byteToken(int value) {
        return byteToken[value];
    }

    /** Whether this token begins a new word (its piece starts with the word marker). */
    public boolean startsWord(int id) {
        String p = pieces[id];
        return !p.isEmpty() && p.charAt(0) == WORD_START;
    }

    public boolean isControl(int id) {
        return id == UNKNOWN || id == START || id == END;
    }

    /** Text of a token run: byte pieces joined and decoded as UTF-8, word markers become spaces. */
    public String text(int[] ids, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (isControl(id)) {
                continue;
            }
            if (byteValue[id] >= 0) {
                bytes.write(byteValue[id]);
            } else {
                bytes.writeBytes(pieces[id].replace(WORD_START, ' ').getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
