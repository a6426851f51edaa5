package io.callscribe.models.hotwords;

import io.callscribe.models.ModelStore;
import io.callscribe.models.asr.DecodingBias;
import io.callscribe.models.asr.SentencePieceEncoder;
import io.callscribe.models.asr.Vocabulary;
import io.callscribe.models.fetch.ModelFetcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Phrases to graphs with Moonshine's real vocabulary: forms, limits, caching. */
class HotwordCompilerTest {

    private static Vocabulary vocabulary;
    private static HotwordCompiler compiler;

    @BeforeAll
    static void load() {
        vocabulary = Vocabulary.load(new ModelFetcher(ModelStore.defaultRoot()).ensure("moonshine-tiny").file("tokens"));
        compiler = new HotwordCompiler(vocabulary, HotwordLimits.DEFAULTS);
    }

    private static HotwordSet tenant(String... phrases) {
        return HotwordSet.tenant("acme", 1, List.of(phrases).stream().map(HotPhrase::of).toList(), HotwordLimits.DEFAULTS);
    }

    private static int[] tokens(String text) {
        return new SentencePieceEncoder(vocabulary).encode(text);
    }

    @Test
    void aPhraseIsMatchedAsWrittenInLowerCaseTitleCaseAndAtASentenceStart() {
        Map<String, int[]> forms = compiler.forms(HotPhrase.of("debit card"));
        assertEquals(List.of("debit card", "Debit Card", "Debit card"), List.copyOf(forms.keySet()));
        for (int[] t : forms.values()) {
            assertTrue(vocabulary.startsWord(t[0]), "every form starts a word");
        }
        HotwordGraph g = compiler.compile(tenant("debit card"));
        for (String text : List.of(" my debit card", " Debit card, please.", " My Debit Card")) {
            assertEquals(List.of("debit card"), g.matchedPhrases(tokens(text)), text);
        }
        assertEquals(List.of(), g.matchedPhrases(tokens(" my debit account")));
    }

    @Test
    void aPhraseInsideAnotherWordIsNotMatched() {
        HotwordGraph g = compiler.compile(tenant("Linda"));
        assertEquals(List.of("Linda"), g.matchedPhrases(tokens(" hi Linda")));
        assertEquals(List.of(), g.matchedPhrases(tokens(" hi Belinda")));
    }

    @Test
    void biasFollowsTheRealTokensOfAName() {
        HotwordGraph g = compiler.compile(tenant("Patricia Brown"));
        int[] name = tokens(" Patricia Brown");
        int state = g.startState();
        float total = 0;
        for (int t : name) {
            DecodingBias.Step s = g.advance(state, t);
            assertEquals(HotPhrase.DEFAULT_BOOST, s.bonus(), 1e-5f);
            total += s.bonus();
            state = s.nextState();
        }
        assertEquals(0f, g.finish(state), 1e-5f);
        assertEquals(HotPhrase.DEFAULT_BOOST * name.length, total, 1e-5f);
    }

    @Test
    void characterTheVocabularyCannotExpressIsRejectedByName() {
        HotwordException e = assertThrows(HotwordException.class, () -> compiler.compile(
                new HotwordSet("acme", 2, List.of(HotPhrase.of("Ꙋlad")))));
        assertEquals("hot words of tenant 'acme' version 2: phrase 1 'Ꙋlad' has the character 'Ꙋ' (U+A64A), "
                + "which the model's vocabulary has no piece for", e.getMessage());
    }

    @Test
    void limitsAreReportedPhraseByPhrase() {
        HotwordLimits limits = new HotwordLimits(3, 2, 20, 4, 0.5f, 3f);
        HotwordException e = assertThrows(HotwordException.class, () -> HotwordSet.tenant("acme", 1, List.of(
                new HotPhrase("Harper Valley", 9f),
                new HotPhrase("a phrase far longer than twenty", 1f),
                new HotPhrase("call me 🦙", 1f),
                new HotPhrase("harper VALLEY", 1f)), limits));
        assertEquals(List.of(
                "4 phrases; at most 3",
                "phrase 1 'Harper Valley' has boost 9.0; it must be 0.5..3.0",
                "phrase 2 'a phrase far longer than twenty' is 31 characters long; at most 20",
                "phrase 3 'call me 🦙' has the character '🦙' (U+1F999); use letters, digits, spaces and '-.&",
                "phrase 4 'harper VALLEY' repeats phrase 1"), e.problems());
        assertTrue(e.getMessage().startsWith("hot words of tenant 'acme' version 1: 5 problems: 4 phrases; at most 3;"));

        HotwordLimits fourTokens = new HotwordLimits(3, 2, 64, 4, 0.5f, 3f);
        HotwordException tokens = assertThrows(HotwordException.class, () -> new HotwordCompiler(vocabulary, fourTokens)
                .compile(HotwordSet.tenant("acme", 1, List.of(HotPhrase.of("Kowalczyk-Brzęczyszczykiewicz")), HotwordLimits.DEFAULTS)));
        assertTrue(tokens.getMessage().matches(".*phrase 1 'Kowalczyk-Brzęczyszczykiewicz' is \\d+ tokens long as '.*'; at most 4"),
                tokens.getMessage());
    }

    @Test
    void callPhrasesDropRepeatsAndHaveTheirOwnLimit() {
        HotwordSet call = HotwordSet.call("c-1", List.of("Linda Garcia", " linda  garcia ", "Linda"), 2f, HotwordLimits.DEFAULTS);
        assertEquals(List.of(new HotPhrase("Linda Garcia", 2f), new HotPhrase("Linda", 2f)), call.phrases());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add("Name" + i);
        }
        HotwordException e = assertThrows(HotwordException.class, () -> HotwordSet.call("c-2", many, 1.5f, HotwordLimits.DEFAULTS));
        assertEquals("hot words of call 'c-2': 51 phrases; at most 50 per call", e.getMessage());
    }

    @Test
    void theCacheCompilesATenantOncePerVersionAndACallOncePerCall() {
        HotwordBiasCache cache = new HotwordBiasCache(compiler, 4, 4);
        HotwordSet v1 = tenant("Harper Valley", "debit card");
        HotwordSet call = HotwordSet.call("c-1", List.of("Patricia Brown", "Harper Valley"), 1.5f, HotwordLimits.DEFAULTS);
        DecodingBias first = cache.biasFor(v1, null);
        assertSame(first, cache.biasFor(v1, null));
        DecodingBias withCall = cache.biasFor(v1, call);
        cache.biasFor(v1, call);
        assertEquals(2, cache.compileCount(), "one tenant graph, one call graph");
        assertEquals(List.of("Harper Valley", "Patricia Brown"),
                withCall.matchedPhrases(tokens(" Harper Valley, this is Patricia Brown")));
        HotwordSet v2 = HotwordSet.tenant("acme", 2, List.of(HotPhrase.of("Harper Valley Bank")), HotwordLimits.DEFAULTS);
        assertNotSame(first, cache.biasFor(v2, null));
        assertEquals(3, cache.compileCount());
        assertSame(DecodingBias.NONE, cache.biasFor(null, null));
    }
}
