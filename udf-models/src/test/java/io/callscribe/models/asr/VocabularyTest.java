package io.callscribe.models.asr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {

    /** A vocabulary laid out like LLaMA's: controls, 256 byte pieces, then word pieces. */
    private static Vocabulary sample(Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            lines.add(String.format("<0x%02X>", b));
        }
        lines.addAll(List.of("\u2581Hello", ",", "\u2581caf"));
        Path file = dir.resolve("tokens.txt");
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
        return Vocabulary.load(file);
    }

    @Test
    void piecesBytesAndWordMarkersBecomeText(@TempDir Path dir) throws Exception {
        Vocabulary v = sample(dir);
        int hello = 259;
        int comma = 260;
        int caf = 261;
        // "é" is the UTF-8 bytes C3 A9, emitted as two byte tokens
        int[] ids = {Vocabulary.START, hello, comma, caf, 3 + 0xC3, 3 + 0xA9, Vocabulary.END};
        assertEquals(" Hello, café", v.text(ids, 0, ids.length));
        assertTrue(v.startsWord(hello));
        assertFalse(v.startsWord(comma));
    }

    @Test
    void aFileThatIsNoVocabularyIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens.txt");
        Files.writeString(file, "hello\nworld");
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.load(file));
    }
}
