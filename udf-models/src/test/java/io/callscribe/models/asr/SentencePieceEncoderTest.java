package io.callscribe.models.asr;

import io.callscribe.models.ModelStore;
import io.callscribe.models.fetch.ModelFetcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encoder against the LLaMA tokenizer's reference outputs: llama-tokenizer-js 1.2.2's own test
 * cases (MIT; they prepend the dummy space, which we pass explicitly) and a few sentences encoded
 * with it. Moonshine's vocabulary is the LLaMA one.
 */
class SentencePieceEncoderTest {

    private static Vocabulary vocabulary;
    private static SentencePieceEncoder encoder;

    @BeforeAll
    static void load() {
        vocabulary = Vocabulary.load(new ModelFetcher(ModelStore.defaultRoot()).ensure("moonshine-tiny").file("tokens"));
        encoder = new SentencePieceEncoder(vocabulary);
    }

    private static void assertEncodes(String text, int... expected) {
        int[] ids = encoder.encode(" " + text);
        assertArrayEquals(expected, ids, text);
        assertEquals(" " + text, vocabulary.text(ids, 0, ids.length), "round trip of " + text);
    }

    @Test
    void llamaTokenizerJsReferenceCases() {
        assertEncodes("grabbed", 2646, 1327, 287);
        assertEncodes(" grabbed", 29871, 2646, 1327, 287);
        // runs of word markers merge last
        assertEncodes("           grabbed", 9651, 2646, 1327, 287);
        assertEncodes("  two  spaces", 259, 1023, 29871, 8162);
        // no piece for line feed or tab: byte fallback
        assertEncodes("\n", 29871, 13);
        assertEncodes(" \n", 259, 13);
        assertEncodes("\ttabs\t\t\t\tout here", 29871, 12, 21175, 12, 12, 12, 12, 449, 1244);
        // equal ranks merge left to right
        assertEncodes("ax\n####\nboo", 4853, 13, 4136, 13, 833, 29877);
        assertEncodes("镇", 29871, 30411);
        assertEncodes("🦙Ꙋ", 29871, 243, 162, 169, 156, 237, 156, 141);
        assertEncodes("Ꙋ🦙", 29871, 237, 156, 141, 243, 162, 169, 156);
    }

    @Test
    void sentencesWithNamesPunctuationAndAccents() {
        assertEncodes("Hello this is Harper Valley National Bank, how can I help you today?",
                15043, 445, 338, 3536, 546, 13939, 3086, 10253, 29892, 920, 508, 306, 1371, 366, 9826, 29973);
        assertEncodes("O'Brien-Smith & Co. paid $1,455.20",
                438, 29915, 29933, 19112, 29899, 29209, 669, 3189, 29889, 12530, 395, 29896, 29892, 29946, 29945, 29945, 29889, 29906, 29900);
        assertEncodes("naïve café in Zürich", 1055, 30085, 345, 274, 28059, 297, 24931);
        assertEncodes("Dr. Müller", 4942, 29889, 22226);
    }

    @Test
    void piecesEndingInCarriageReturnKeepIt() {
        // tokens.txt has pieces such as ",\r"; a line reader that also splits on '\r' would lose it
        assertEquals(",\r", vocabulary.piece(11167));
        assertEquals(",", vocabulary.piece(29892));
        assertEquals(29892, vocabulary.id(","));
    }

    @Test
    void wordsRoundTripThroughPieces() {
        for (String text : List.of(" Kowalczyk", " harper valley", " HARPER VALLEY", " Straße", " 401(k)", " e-mail")) {
            int[] ids = encoder.encode(text);
            assertTrue(vocabulary.startsWord(ids[0]), text);
            assertEquals(text, vocabulary.text(ids, 0, ids.length));
        }
    }

    @Test
    void tellsWhichCharactersNeedByteFallback() {
        assertTrue(encoder.hasPiece('é'));
        assertTrue(encoder.hasPiece(' '));
        assertFalse(encoder.hasPiece(0x1F999));
        assertFalse(encoder.hasPiece('\n'));
    }
}
