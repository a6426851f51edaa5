package io.callscribe.models.hotwords;

import io.callscribe.models.asr.DecodingBias;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The context graph's scoring on made-up token ids: what a search sees token by token. */
class HotwordGraphTest {

    private static final float EPS = 1e-5f;

    /** Phrase i is given as its token ids; one form each. */
    private static HotwordGraph graph(float[] boosts, int[]... phrases) {
        List<String> names = new ArrayList<>();
        List<HotwordGraph.Form> tokenForms = new ArrayList<>();
        for (int i = 0; i < phrases.length; i++) {
            names.add("p" + i);
            tokenForms.add(new HotwordGraph.Form(phrases[i], boosts[i], i));
        }
        return HotwordGraph.build(names, tokenForms);
    }

    /** Bonuses of each token, then the finish, from the start state. */
    private static float[] walk(DecodingBias bias, int... tokens) {
        float[] out = new float[tokens.length + 1];
        int state = bias.startState();
        for (int i = 0; i < tokens.length; i++) {
            DecodingBias.Step step = bias.advance(state, tokens[i]);
            out[i] = step.bonus();
            state = step.nextState();
        }
        out[tokens.length] = bias.finish(state);
        return out;
    }

    private static float total(float[] bonuses) {
        float sum = 0;
        for (float b : bonuses) {
            sum += b;
        }
        return sum;
    }

    @Test
    void eachTokenOfAPhraseEarnsItsBoostAndACompletedPhraseKeepsIt() {
        HotwordGraph g = graph(new float[] {1.5f}, new int[] {10, 11, 12});
        float[] b = walk(g, 5, 10, 11, 12, 6);
        assertEquals(0f, b[0], EPS);
        assertEquals(1.5f, b[1], EPS);
        assertEquals(1.5f, b[2], EPS);
        assertEquals(1.5f, b[3], EPS);
        assertEquals(0f, b[4], EPS, "leaving after the end takes nothing back");
        assertEquals(0f, b[5], EPS);
        assertEquals(4.5f, total(b), EPS);
        assertEquals(List.of("p0"), g.matchedPhrases(new int[] {5, 10, 11, 12, 6}));
    }

    @Test
    void aFailedPartialMatchIsTakenBackWhenItFails() {
        HotwordGraph g = graph(new float[] {1f}, new int[] {10, 11, 12});
        float[] b = walk(g, 10, 11, 7);
        assertEquals(-2f, b[2], EPS);
        assertEquals(0f, total(b), EPS);
        assertEquals(List.of(), g.matchedPhrases(new int[] {10, 11, 7}));
    }

    @Test
    void anUnfinishedMatchIsTakenBackAtTheEnd() {
        HotwordGraph g = graph(new float[] {1f}, new int[] {10, 11, 12});
        float[] b = walk(g, 10, 11);
        assertEquals(-2f, b[2], EPS);
        assertEquals(0f, total(b), EPS);
    }

    @Test
    void aLongerPhraseExtendingACompletedOneEarnsOnlyItsExtraTokens() {
        // "Harper Valley" and "Harper Valley National Bank"
        HotwordGraph g = graph(new float[] {1f, 1f}, new int[] {10, 11}, new int[] {10, 11, 12, 13});
        float[] stopped = walk(g, 10, 11, 12, 99);
        assertEquals(-1f, stopped[3], EPS, "only the token after the completed phrase is taken back");
        assertEquals(2f, total(stopped), EPS);
        assertEquals(4f, total(walk(g, 10, 11, 12, 13)), EPS);
        assertEquals(List.of("p0", "p1"), g.matchedPhrases(new int[] {10, 11, 12, 13}));
    }

    @Test
    void aFailedMatchFallsBackToTheLongestPhrasePrefixThatEndsTheText() {
        // p0 = 10 11 14, p1 = 11 12: after 10 11 the text "11" is also p1's start
        HotwordGraph g = graph(new float[] {1f, 1f}, new int[] {10, 11, 14}, new int[] {11, 12});
        float[] b = walk(g, 10, 11, 12);
        assertEquals(0f, b[2], EPS, "p0's partial match (2) is taken back, p1 completes with 2");
        assertEquals(2f, total(b), EPS);
        assertEquals(List.of("p1"), g.matchedPhrases(new int[] {10, 11, 12}));
    }

    @Test
    void aSharedPrefixEarnsTheLargerBoost() {
        HotwordGraph g = graph(new float[] {1f, 3f}, new int[] {10, 11}, new int[] {10, 12});
        assertEquals(3f, walk(g, 10)[0], EPS);
        assertEquals(4f, total(walk(g, 10, 11)), EPS, "p0 completed through the shared prefix banks what it earned");
        assertEquals(6f, total(walk(g, 10, 12)), EPS);
    }

    @Test
    void phrasesEndingInsideAMatchAreReported() {
        // "Elizabeth Davis" and "Davis"
        HotwordGraph g = graph(new float[] {1f, 1f}, new int[] {20, 21}, new int[] {21});
        assertEquals(List.of("p0", "p1"), g.matchedPhrases(new int[] {20, 21}));
        assertEquals(List.of("p1"), g.matchedPhrases(new int[] {21, 20}));
    }

    @Test
    void anEmptyGraphIsNeutral() {
        float[] b = walk(HotwordGraph.EMPTY, 1, 2, 3);
        assertEquals(0f, total(b), EPS);
        assertEquals(1, HotwordGraph.EMPTY.size());
    }

    @Test
    void aPairOfGraphsAddsBothBonusesAndReportsBoth() {
        HotwordGraph tenant = graph(new float[] {1f}, new int[] {10, 11});
        HotwordGraph call = graph(new float[] {2f}, new int[] {30, 31, 32});
        GraphPair pair = new GraphPair(tenant, call);
        float[] b = walk(pair, 10, 11, 30, 31, 5);
        assertEquals(1f, b[0], EPS);
        assertEquals(1f, b[1], EPS);
        assertEquals(2f, b[2], EPS);
        assertEquals(-4f, b[4], EPS, "the call phrase's partial match is taken back, the tenant's completed one kept");
        assertEquals(2f, total(b), EPS);
        assertEquals(List.of("p0"), pair.matchedPhrases(new int[] {10, 11, 30, 31}));
    }

    /** The promise after each token, from the start state. */
    private static float[] promises(DecodingBias bias, int... tokens) {
        int[] states = states(bias, tokens);
        float[] out = new float[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = bias.promise(states[i + 1]);
        }
        return out;
    }

    @Test
    void aBegunPhrasePromisesWhatItsNextTokenWouldEarn() {
        HotwordGraph g = graph(new float[] {1f, 2f}, new int[] {10, 11, 12}, new int[] {10, 20});
        assertEquals(0f, g.promise(g.startState()), EPS, "a hypothesis in no phrase is promised nothing");
        float[] p = promises(g, 10, 11, 12, 5);
        assertEquals(2f, p[0], EPS, "after the shared first token, the better of the two phrases' next tokens");
        assertEquals(1f, p[1], EPS, "one token ahead, not the rest of the phrase");
        assertEquals(0f, p[2], EPS, "a completed phrase has nothing more to give");
        assertEquals(0f, p[3], EPS);
        assertEquals(0f, promises(g, 10, 20)[1], EPS);
    }

    @Test
    void aCompletedPhraseStillPromisesTheLongerPhraseExtendingIt() {
        HotwordGraph g = graph(new float[] {1f, 3f}, new int[] {10, 11}, new int[] {10, 11, 12, 13});
        assertEquals(3f, promises(g, 10, 11)[1], EPS);
    }

    @Test
    void aPairOfGraphsPromisesWhatBothBegunPhrasesWould() {
        GraphPair pair = new GraphPair(graph(new float[] {1f}, new int[] {10, 11, 12}), graph(new float[] {2f}, new int[] {10, 30}));
        assertEquals(1f + 2f, promises(pair, 10)[0], EPS);
    }

    /** The states a walk over {@code tokens} passes through, the start first. */
    private static int[] states(DecodingBias bias, int... tokens) {
        int[] out = new int[tokens.length + 1];
        out[0] = bias.startState();
        for (int i = 0; i < tokens.length; i++) {
            out[i + 1] = bias.advance(out[i], tokens[i]).nextState();
        }
        return out;
    }

    private static List<Integer> sorted(int[] tokens) {
        return java.util.Arrays.stream(tokens).sorted().boxed().toList();
    }

    @Test
    void continuationsAreEveryTokenThatEarnsABonusEachOnce() {
        HotwordGraph g = graph(new float[] {1f, 1f, 1f}, new int[] {10, 11, 12}, new int[] {11, 20}, new int[] {30});
        assertEquals(List.of(10, 11, 30), sorted(g.continuations(g.startState())));
        int afterTen = states(g, 10)[1];
        assertEquals(List.of(10, 11, 30), sorted(g.continuations(afterTen)),
                "the phrase's next token (11) and every phrase start, 11 once though both lead on");
        int afterTenEleven = states(g, 10, 11)[2];
        assertEquals(List.of(10, 11, 12, 20, 30), sorted(g.continuations(afterTenEleven)),
                "the suffix (11) goes on with 20 as well");
        for (int state : states(g, 10, 11, 12, 11, 5, 30)) {
            List<Integer> continuations = sorted(g.continuations(state));
            for (int token = 0; token < 40; token++) {
                if (g.advance(state, token).bonus() > 0f) {
                    assertTrue(continuations.contains(token), "token " + token + " earns a bonus from state " + state);
                }
            }
        }
    }

    @Test
    void aPairOfGraphsContinuesWithEitherGraphsTokensEachOnce() {
        GraphPair pair = new GraphPair(graph(new float[] {1f}, new int[] {10, 11}), graph(new float[] {2f}, new int[] {10, 30}));
        assertEquals(List.of(10), sorted(pair.continuations(pair.startState())));
        assertEquals(List.of(10, 11, 30), sorted(pair.continuations(states(pair, 10)[1])));
    }
}
