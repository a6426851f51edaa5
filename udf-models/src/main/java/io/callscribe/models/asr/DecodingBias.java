package io.callscribe.models.asr;

import java.util.List;

/**
 * A per-request bias on the decoder's search, in the shape of a context graph: a hypothesis carries
 * only an int state; {@link #advance} scores one more token, {@link #finish} takes back the bonus
 * of a match left unfinished. Implementations are immutable and shared across requests.
 */
public interface DecodingBias {

    /**
     * Candidate tokens per step that a bias may lift: the model's most likely ones. A bonus can
     * reorder them but never brings in a token the model all but rules out.
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

    /** The bias's phrases that occur in a decoded token sequence (reported on the transcript). */
    default List<String> matchedPhrases(int[] tokens) {
        return List.of();
    }
}
