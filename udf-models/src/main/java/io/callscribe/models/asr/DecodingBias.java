package io.callscribe.models.asr;

import java.util.List;

/**
 * A per-request bias on the decoder's search, in the shape of a context graph: a hypothesis carries
 * only an int state; {@link #advance} scores one more token, {@link #finish} takes back the bonus
 * of a match left unfinished, {@link #promise} says what a begun phrase could still earn. Searches
 * also keep the model's own result and keep a biased one only where it wins on its merits
 * ({@code BiasVerdict}). Implementations are immutable and shared across requests.
 */
public interface DecodingBias {

    /**
     * The model's most likely tokens per step that a bias may lift in beam search, and that a greedy
     * branch weighs besides the phrases' {@linkplain #continuations continuations}.
     */
    int CANDIDATES = 8;

    /** No biasing; searches skip all bias work for it. */
    DecodingBias NONE = new DecodingBias() {
        @Override
        public int startState() {
            return 0;
        }

        @Override
        public Step advance(int state, int token) {
            return new Step(0f, 0);
        }

        @Override
        public float finish(int state) {
            return 0f;
        }
    };

    /** Score added for a token (log-probability units) and the state after it. */
    record Step(float bonus, int nextState) {}

    int startState();

    Step advance(int state, int token);

    /** Score to add when a hypothesis ends in {@code state} (negative: takes back a partial match). */
    float finish(int state);

    /**
     * The most a hypothesis in {@code state} can earn with the next token of a phrase it has begun
     * (0 where it has begun none). A search weighs a candidate token by its bonus plus this promise,
     * so a phrase whose first token the model ranks a little lower is tried for what its first two
     * tokens are worth, not for one token's bonus; what it finally earns is still only what it
     * completes. Two tokens, not the whole phrase: a long phrase's whole worth would make nearly
     * every phrase start worth a try, and with hundreds of phrases greedy search would branch at
     * nearly every step for branches that fail within a token or two.
     */
    default float promise(int state) {
        return 0f;
    }

    /**
     * The tokens that begin or go on with a phrase from {@code state}, each once: the only ones a
     * bonus can raise. Greedy search forks on any of them, not only those among the model's most
     * likely few, so a phrase's token the model ranks lower is tried wherever its bonus and promise
     * make up the difference (and nowhere else: 4 nats lift nothing from 10 nats down). Callers
     * only read the array (implementations may share one).
     */
    default int[] continuations(int state) {
        return new int[0];
    }

    /** The bias's phrases that occur in a decoded token sequence (reported on the transcript). */
    default List<String> matchedPhrases(int[] tokens) {
        return List.of();
    }

    /** Net score of a whole token sequence: every bonus along it plus the finish (what its completed phrases banked). */
    default float score(int[] tokens) {
        int state = startState();
        float total = 0;
        for (int token : tokens) {
            Step step = advance(state, token);
            total += step.bonus();
            state = step.nextState();
        }
        return total + finish(state);
    }
}
